import "server-only";
// How the inbox's route handlers answer: JSON for the page's JavaScript, a 303 back to the page for a plain form.
import { errorMessages, isAppError, statusFor, type AppErrorCode } from "@/lib/errors";

export const wantsJson = (request: Request) => (request.headers.get("accept") ?? "").includes("application/json");

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

export const notFound = (request: Request) =>
  wantsJson(request)
    ? json({ error: { code: "NOT_FOUND", message: errorMessages.NOT_FOUND } }, 404)
    : new Response(errorMessages.NOT_FOUND, { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/** A 303 to a path of this app (relative, so a spoofed Host cannot redirect elsewhere). */
export const seeOther = (path: string) => new Response(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });

export function errorAnswer(request: Request, e: unknown, returnTo: string): Response {
  const code: AppErrorCode = isAppError(e) ? e.code : "INTERNAL";
  if (!isAppError(e)) console.error(e);
  if (wantsJson(request)) return json({ error: { code, message: errorMessages[code], field: isAppError(e) ? e.field : undefined } }, statusFor(code));
  const [path, hash] = returnTo.split("#");
  return seeOther(`${path}${path.includes("?") ? "&" : "?"}error=${code}${hash ? `#${hash}` : ""}`);
}
