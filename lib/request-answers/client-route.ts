import "server-only";
// The shape of the request page's two POST routes (save answers, submit): the portal host, same origin, a client
// signed in with both factors, and answers for the JSON autosave (status + `{ error }`) or 303s for the plain form.
import { errorMessages, isAppError, statusFor, type AppErrorCode } from "@/lib/errors";
import { portalRequest, sameOrigin, seeOther } from "@/lib/portal/portal-request";
import { twoFactorClientFrom, type TwoFactorClient } from "@/lib/portal/two-factor-viewer";
import type { PortalRequest } from "@/lib/portal/portal-request";
import { AnswersInvalid } from "./save-draft-answers";
import { readAnswersBody, wantsJson, type AnswersBody } from "./answers-body";

const noStore = { "cache-control": "no-store" };

export function jsonAnswer(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: noStore });
}

function errorAnswer(json: boolean, requestId: string, code: AppErrorCode, e?: unknown): Response {
  if (json) {
    const items = e instanceof AnswersInvalid ? e.items : undefined;
    return jsonAnswer(statusFor(code), { error: { code, message: errorMessages[code], ...(items ? { items } : {}) } });
  }
  const bad = e instanceof AnswersInvalid ? `&bad=${Object.keys(e.items).map(encodeURIComponent).join(",")}` : "";
  return seeOther(`/requests/${encodeURIComponent(requestId)}?error=${code}${bad}#answers`);
}

export function clientRequestRoute(
  run: (p: { portal: PortalRequest; client: TwoFactorClient; requestId: string; body: AnswersBody }) => Promise<Response>,
) {
  return async (request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> => {
    const { id } = await ctx.params;
    const json = wantsJson(request);
    const portal = await portalRequest(request.headers);
    if (!portal) return new Response("Not found", { status: 404 });
    if (!sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
    // Saving and submitting are what the client does, so they keep the session alive (touch).
    const client = await twoFactorClientFrom(request, portal, { touch: true });
    if (!client) {
      // The autosave keeps the typed values in the browser and goes to the code step itself; the plain form goes
      // back to the page, whose guard sends a one-factor client to step-up and an idle one to re-authenticate.
      if (json) return jsonAnswer(401, { error: { code: "UNAUTHENTICATED", message: "Your secure session ended. Enter a new code to continue; your answers are kept." } });
      return seeOther(`/requests/${encodeURIComponent(id)}`);
    }
    const body = await readAnswersBody(request);
    if (body.tooLarge) return errorAnswer(json, id, "REQUEST_TOO_LARGE");
    if (body.malformed || !body.answers) return errorAnswer(json, id, "REQUEST_MALFORMED");
    try {
      return await run({ portal, client, requestId: id, body });
    } catch (e) {
      if (!isAppError(e)) console.error(e);
      return errorAnswer(json, id, isAppError(e) ? e.code : "INTERNAL", e);
    }
  };
}
