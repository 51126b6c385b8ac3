import "server-only";
// How the portal's file routes answer: JSON for the JavaScript uploader (Accept: application/json), a 303 back to a
// portal page for a plain form (so uploads work before JavaScript loads). Redirects stay on the portal's own paths.
import { errorMessages, isAppError, statusFor, type AppErrorCode } from "@/lib/errors";
import { seeOther } from "@/lib/portal/portal-request";

export function wantsJson(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("application/json");
}

/** A portal path to return to: starts with a single "/", no control characters or backslashes; else `fallback`. */
export function safeReturnTo(value: string | undefined | null, fallback: string): string {
  const v = (value ?? "").trim();
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (!v.startsWith("/") || v.startsWith("//") || v.length > 500 || /[\\\u0000-\u001f\u007f\s]/.test(v)) return fallback;
  return v;
}

/** `path` with query parameters added before any #fragment. */
export function withParams(path: string, add: Record<string, string>): string {
  const hash = path.indexOf("#");
  const [base, frag] = hash === -1 ? [path, ""] : [path.slice(0, hash), path.slice(hash)];
  const qs = Object.entries(add).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  return `${base}${base.includes("?") ? "&" : "?"}${qs}${frag}`;
}

export const seeOtherWith = (path: string, add: Record<string, string>) => seeOther(withParams(path, add));

export function jsonAnswer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
}

/**
 * An error as JSON `{ error: { code, message } }` with the code's status, or a 303 to `returnTo?error=CODE` (plus
 * `extra`, e.g. the item, so the page shows the error next to the right upload box).
 */
export function errorAnswer(request: Request, e: unknown, returnTo: string, extra: Record<string, string> = {}): Response {
  const code: AppErrorCode = isAppError(e) ? e.code : "INTERNAL";
  if (!isAppError(e)) console.error(e);
  if (wantsJson(request)) return jsonAnswer({ error: { code, message: errorMessages[code] } }, statusFor(code));
  return seeOtherWith(returnTo, { error: code, ...extra });
}

/** No two-factor session: 401 for the uploader (it sends the client to the code step), else a 303 to /verify. */
export function needsSecondFactor(request: Request, next: string): Response {
  if (wantsJson(request)) return jsonAnswer({ error: { code: "UNAUTHENTICATED", message: errorMessages.UNAUTHENTICATED, verify: `/verify?next=${encodeURIComponent(next)}` } }, 401);
  return seeOther(`/verify?next=${encodeURIComponent(next)}`);
}

export const notFoundAnswer = (request: Request) =>
  wantsJson(request)
    ? jsonAnswer({ error: { code: "NOT_FOUND", message: errorMessages.NOT_FOUND } }, 404)
    : new Response(errorMessages.NOT_FOUND, { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
