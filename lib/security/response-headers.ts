// The security headers of the responses proxy.ts answers (pages, the portal's and the app's API). Static values that
// do not depend on the request (X-Frame-Options, nosniff, Referrer-Policy) live in next.config.ts.

/** A fresh nonce per response: 128 random bits, base64 (the characters Next accepts in `'nonce-…'`). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The Content-Security-Policy of a page. Scripts run only with this response's nonce (Next stamps it on its own
 * scripts, inline RSC payload included, when the request carries this header) and what they load ('strict-dynamic');
 * styles may be inline (React style attributes; nothing runs from CSS); images from any https origin (workspace
 * logos); forms post only to this origin; no plugins, no <base>, no framing. `next dev` needs eval.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * HSTS, only on a response the browser received over https: APP_URL is https (the app is only ever reached through
 * TLS then), or a trusted proxy said so (scripts/server.mjs drops X-Forwarded-Proto from anyone else). A year on our
 * own hosts; a day on a customer's domain, which they may point elsewhere one day. Never includeSubDomains: the
 * other names under those domains are not ours.
 */
export function strictTransportSecurity(h: Headers, appUrl: string, customDomain: boolean): string | null {
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (proto !== "https" && !appUrl.startsWith("https:")) return null;
  return `max-age=${customDomain ? 86_400 : 31_536_000}`;
}
