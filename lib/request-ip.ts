/**
 * The client's IP as seen by the nearest proxy. The rightmost X-Forwarded-For entry is the one our own proxy (or
 * Next itself, when nothing is in front) wrote; entries further left are whatever the client claimed.
 */
export function clientIp(h: Headers): string | null {
  const xff = h.get("x-forwarded-for");
  const last = xff?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last || h.get("x-real-ip") || null;
}
