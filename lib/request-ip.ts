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
