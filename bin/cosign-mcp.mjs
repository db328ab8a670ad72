#!/usr/bin/env node
// The stdio MCP server of this package (package.json "bin"): `npx /path/to/checkout` or `node bin/cosign-mcp.mjs`,
// configured by OPENTRAIN_API_BASE_URL and OPENTRAIN_PERSONAL_API_TOKEN (README "Connect an MCP client").
// The server is TypeScript that shares the API's schemas (lib/mcp/); tsx, a dependency of this package, loads it
// with this checkout's tsconfig (its "@/" paths) from whatever directory the client starts us in.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(import.meta.dirname, "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(pathToFileURL(path.join(root, "lib/mcp/stdio.ts")).href);
