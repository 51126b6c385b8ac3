import { advanceClock, now, resetClock, testClockEnabled } from "@/lib/clock";

export const dynamic = "force-dynamic";

const MAX_MS = 30 * 24 * 60 * 60_000;

/**
 * POST { advanceMs }: moves the app's clock forward for the e2e suite; { reset: true } puts it back, so later specs
 * run on real time. Exists only with TEST_CLOCK=1.
 */
export async function POST(req: Request) {
  if (!testClockEnabled()) return new Response("Not found", { status: 404 });
  const body = (await req.json().catch(() => null)) as { advanceMs?: unknown; reset?: unknown } | null;
  if (body?.reset === true) {
    resetClock();
    return Response.json({ offsetMs: 0, now: now().toISOString() }, { headers: { "cache-control": "no-store" } });
  }
  const ms = body?.advanceMs;
  if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0 || ms > MAX_MS) {
    return Response.json({ error: "advanceMs must be a whole number of milliseconds from 0 to 30 days." }, { status: 422 });
  }
  const offsetMs = advanceClock(ms);
  return Response.json({ offsetMs, now: now().toISOString() }, { headers: { "cache-control": "no-store" } });
}
