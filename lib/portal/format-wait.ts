/** A wait as the check-email page says it: "1:05", or "42 seconds" (a no-break space keeps number and unit together). */
export function formatWait(s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : `${s}\u00a0seconds`;
}
