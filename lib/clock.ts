// The time every expiry check reads. Tests pass `now` explicitly; the e2e suite moves this clock forward through
// /api/dev/clock to make a session go idle without waiting. TEST_CLOCK=1 turns that on; nothing else does, and
// the start banner warns when it is on. Kept on globalThis: Next bundles route handlers and pages separately, and
// both must see one offset.
const g = globalThis as unknown as { __clockOffsetMs?: number };

export function testClockEnabled(): boolean {
  return process.env.TEST_CLOCK === "1";
}

/** Now, moved by the test clock's offset when it is enabled. */
export function now(): Date {
  const offset = testClockEnabled() ? (g.__clockOffsetMs ?? 0) : 0;
  return new Date(Date.now() + offset);
}

export function advanceClock(ms: number): number {
  if (!testClockEnabled()) throw new Error("The test clock is off (TEST_CLOCK=1 turns it on).");
  g.__clockOffsetMs = (g.__clockOffsetMs ?? 0) + ms;
  return g.__clockOffsetMs;
}

export function resetClock(): void {
  g.__clockOffsetMs = 0;
}
