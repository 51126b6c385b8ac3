import "server-only";
import { isAppError } from "@/lib/errors";
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
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      form = new FormData();
    }
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

/** Keeps a response from being faster for known addresses than for unknown ones. */
export async function atLeast<T>(ms: number, work: Promise<T>): Promise<T> {
  const floor = new Promise((r) => setTimeout(r, ms + Math.floor(Math.random() * 50)));
  // Settled, not all(): a failure (a wrong code, an unknown address) waits for the floor too.
  const [out] = await Promise.allSettled([work, floor]);
  if (out.status === "rejected") throw out.reason;
  return out.value;
}

export function field(form: FormData, name: string, max = 300): string {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
}
