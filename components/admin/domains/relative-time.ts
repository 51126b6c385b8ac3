// The one relative-time wording on the Domains page ("just now", "5 minutes ago", "in 1 hour"). Pure, so the server
// render and the browser agree given the same `now`.

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/**
 * `at` relative to `now`. The unit is chosen after rounding, so 59½ minutes reads "in 1 hour", never "in 60 minutes"
 * beside another line's "in 1 hour"; under 45 seconds either way reads "just now" / "in under a minute".
 */
export function relativeTime(at: Date | string | number, now: number): string {
  const s = (new Date(at).getTime() - now) / 1000;
  if (Math.abs(s) < 45) return s < 0 ? "just now" : "in under a minute";
  const minutes = Math.round(s / 60);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, "minute");
  const hours = Math.round(s / 3600);
  if (Math.abs(hours) < 24) return rtf.format(hours, "hour");
  return rtf.format(Math.round(s / 86400), "day");
}
