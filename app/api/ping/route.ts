export const dynamic = "force-dynamic";

/** Liveness without the database (/api/health checks it too), and the bench's ceiling for a route handler. */
export function GET() {
  return new Response("ok", { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
