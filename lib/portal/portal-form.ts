import "server-only";
import { readCapped } from "@/lib/http/read-capped";
import { errorMessages, isAppError } from "@/lib/errors";
import { portalRequest, sameOrigin, type PortalRequest } from "./portal-request";

const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });

/**
 * The shape of every portal form POST: resolved portal host, same-origin check, the form fields, and AppErrors
 * turned into a redirect back to `onError` with the error code (pages map codes to words). Works without JavaScript.
 */
export function portalForm(onError: (form: FormData) => string, run: (req: PortalRequest, form: FormData, request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const portal = await portalRequest(request.headers);
    if (!portal) return notFound();
    if (!sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
    const form = await readForm(request);
    if (!form) return new Response(errorMessages.FORM_TOO_LARGE, { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
    try {
      return await run(portal, form, request);
    } catch (e) {
      const code = isAppError(e) ? e.code : "INTERNAL";
      if (!isAppError(e)) console.error(e);
      const to = onError(form);
      return new Response(null, { status: 303, headers: { location: `${to}${to.includes("?") ? "&" : "?"}error=${code}`, "cache-control": "no-store" } });
    }
  };
}

/** Portal forms hold an address, a code or a token: a few hundred bytes. Anything far larger is refused unread. */
const MAX_FORM_BYTES = 16 * 1024;

/** The form's fields, or null when the body is over MAX_FORM_BYTES. A body that is not a form is an empty form. */
async function readForm(request: Request): Promise<FormData | null> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_FORM_BYTES) return null;
  const bytes = await readCapped(request.body, MAX_FORM_BYTES);
  if (!bytes) return null;
  const type = request.headers.get("content-type") ?? "";
  // A plain form (every portal form but uploads) is parsed here: ~1 µs against ~35 µs through a Response, on the
  // sign-in and code paths. Bytes that are not UTF-8 become U+FFFD, as the browser's own decoding would make them.
  if (/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    const form = new FormData();
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(bytes))) form.append(k, v);
    return form;
  }
  try {
    return await new Response(bytes as BodyInit, { headers: { "content-type": type } }).formData();
  } catch {
    return new FormData();
  }
}

/** Keeps a response from being faster for known addresses than for unknown ones. */
export async function atLeast<T>(ms: number, work: Promise<T>): Promise<T> {
  const floor = new Promise((r) => setTimeout(r, ms + Math.floor(Math.random() * 50)));
  // Settled, not all(): a failure (a wrong code, an unknown address) waits for the floor too.
  const [out] = await Promise.allSettled([work, floor]);
  if (out.status === "rejected") throw out.reason;
  return out.value;
}

/**
 * A text field, cut to `max` characters. A field holding a NUL or other control character is treated as empty:
 * no portal field can contain one, and Postgres refuses NUL in text (it must never get that far).
 */
export function field(form: FormData, name: string, max = 300): string {
  const v = form.get(name);
  if (typeof v !== "string") return "";
  const s = v.slice(0, max).trim();
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  return /[\u0000-\u001f\u007f]/.test(s) ? "" : s;
}
