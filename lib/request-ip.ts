/**
 * The client's IP for rate limits and the audit log. Under `npm start` (scripts/server.mjs) it is the header that
 * server sets on every request from the socket and TRUSTED_PROXIES (any client copy replaced); X-Forwarded-For is
 * then never read here. Without that server (plain `next start`, `next dev`, tests calling handlers directly) the
 * rightmost X-Forwarded-For entry is all there is: correct behind a proxy that appends it, client-chosen otherwise.
 */
export function clientIp(h: Headers): string | null {
  if (process.env.PORTAL_CLIENT_IP_FROM_SOCKET === "1") {
    const ip = h.get(CLIENT_IP_HEADER);
    return ip && ip !== "unknown" ? ip : null;
  }
  const xff = h.get("x-forwarded-for");
  const last = xff?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last || h.get("x-real-ip") || null;
}

/** Set by scripts/server.mjs (scripts/client-address.mjs names it too). */
export const CLIENT_IP_HEADER = "x-portal-client-ip";

/**
 * The key per-IP limits count under: an IPv4 address as is, an IPv6 address by its /64 (one subscriber's network: a
 * single client can pick any of its 2^64 addresses, so counting per address would be no limit at all).
 */
export function ipLimitKey(ip: string | null): string {
  if (!ip) return "unknown";
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4mapped) return v4mapped[1];
  if (!ip.includes(":")) return ip;
  // Expand "::" to get the first four groups.
  const [head, tail = ""] = ip.toLowerCase().split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
