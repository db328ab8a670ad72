// Runs once when a server process starts. Starts the background expiry sweep, so an approval whose window closes
// with nobody looking still flips to `expired` and emits its approval.confirmed event on time (contract §2 [beyond]),
// and the socket-address hook sign-in throttling counts clients by. Every read of an approval or of the feed also
// expires what is due first; the sweep is for the quiet moments.
export async function register() {
  // Next builds this file for the edge runtime too and inlines NEXT_RUNTIME: written this way (as Next documents),
  // the edge build drops the import, and with it the native database drivers it cannot bundle.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./instrumentation-node");
    await registerNode();
  }
}
