/**
 * Whether a form POST came from a page on the host it was sent to. Browsers send Origin with every POST; a page with
 * a no-referrer policy makes it `null`, and then only the browser's own (unforgeable by pages) Sec-Fetch-Site can
 * vouch for it. Cross-site POSTs are refused: besides CSRF, this stops sign-in CSRF, which needs no cookie.
 */
export function sameOriginPost(h: Headers): boolean {
  const host = h.get("host");
  const origin = h.get("origin");
  if (!origin) return h.get("sec-fetch-site") !== "cross-site";
  if (origin === "null") return h.get("sec-fetch-site") === "same-origin";
  try {
    return !!host && new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
