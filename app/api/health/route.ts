// GET /api/health — liveness for operators and load balancers; touches nothing (also the benchmark's baseline)
export function GET() {
  return Response.json({ ok: true });
}
