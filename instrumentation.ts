// Runs once when a server process starts: the background work (lib/background: the expiry sweep and the other
// workers, unless BACKGROUND_WORK=off), the long polls' LISTEN connection on PostgreSQL, and the socket-address hook
// sign-in throttling counts clients by. instrumentation-node.ts does it.
export async function register() {
  // Next builds this file for the edge runtime too and inlines NEXT_RUNTIME: written this way (as Next documents),
  // the edge build drops the import, and with it the native database drivers it cannot bundle.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./instrumentation-node");
    await registerNode();
  }
}
