import "server-only";
// The shape of the portal's contract routes: the portal host, a signed-in client (one factor is enough for the hub),
// same origin for POSTs, and answers as JSON for the page's script or 303s back to the contract page for the plain
// form that works before JavaScript loads. Ids of other clients' contracts answer like ids that do not exist.
import { errorMessages, isAppError, statusFor, type AppErrorCode } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { readCapped } from "@/lib/http/read-capped";
import { portalRequest, sameOrigin, seeOther, sessionTokenFrom, type PortalRequest } from "@/lib/portal/portal-request";
import { readPortalSession } from "@/lib/portal/sessions";

export type ContractClient = { portalUserId: string; contactId: string };

/** The client of a live portal session (one or two factors) on this workspace and host, or null. */
export async function contractClientFrom(request: Request, portal: PortalRequest): Promise<ContractClient | null> {
  const token = sessionTokenFrom(request.headers, portal.secure);
  if (!token) return null;
  const s = await readPortalSession(getDb(), { token, workspaceId: portal.workspace.id, host: portal.host, touch: true });
  return s ? { portalUserId: s.user.id, contactId: s.user.contactId } : null;
}

export function wantsJson(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("application/json");
}

const noStore = { "cache-control": "no-store" };
export const jsonAnswer = (status: number, body: unknown) => Response.json(body, { status, headers: noStore });
export const notFound = (json: boolean) =>
  json ? jsonAnswer(404, { error: { code: "NOT_FOUND", message: errorMessages.NOT_FOUND } }) : new Response(errorMessages.NOT_FOUND, { status: 404, headers: { ...noStore, "content-type": "text/plain; charset=utf-8" } });

const contractPath = (id: string) => `/contracts/${encodeURIComponent(id)}`;

function errorAnswer(json: boolean, id: string, code: AppErrorCode, anchor: string): Response {
  if (json) return jsonAnswer(statusFor(code), { error: { code, message: errorMessages[code] } });
  // A contract that is not theirs has no page to go back to.
  if (code === "NOT_FOUND") return notFound(false);
  return seeOther(`${contractPath(id)}?error=${code}#${anchor}`);
}

/** A signed PDF request body: up to a drawn signature (≤ 200 KB as base64) and the field values. */
export const MAX_CONTRACT_BODY = 512 * 1024;

export type ContractBody = { json: boolean; value: Record<string, unknown> | FormData };

/** A POST route for one contract: checks, body, and errors mapped to JSON or a 303 to the page's `anchor`. */
export function contractPostRoute(
  anchor: string,
  run: (p: { portal: PortalRequest; client: ContractClient; contractId: string; body: ContractBody; ip: string | null; userAgent: string | null }) => Promise<Response>,
) {
  return async (request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> => {
    const { id } = await ctx.params;
    const json = wantsJson(request);
    const portal = await portalRequest(request.headers);
    if (!portal) return new Response("Not found", { status: 404 });
    if (!sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
    const client = await contractClientFrom(request, portal);
    if (!client) {
      if (json) return jsonAnswer(401, { error: { code: "UNAUTHENTICATED", message: errorMessages.UNAUTHENTICATED } });
      return seeOther("/sign-in");
    }
    if (Number(request.headers.get("content-length") ?? 0) > MAX_CONTRACT_BODY) return errorAnswer(json, id, "REQUEST_TOO_LARGE", anchor);
    const bytes = await readCapped(request.body, MAX_CONTRACT_BODY);
    if (!bytes) return errorAnswer(json, id, "REQUEST_TOO_LARGE", anchor);
    const type = request.headers.get("content-type") ?? "";
    let body: ContractBody;
    try {
      if (type.includes("application/json")) {
        const v = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
        if (!v || typeof v !== "object" || Array.isArray(v)) return errorAnswer(json, id, "REQUEST_MALFORMED", anchor);
        body = { json: true, value: v as Record<string, unknown> };
      } else {
        body = { json: false, value: await new Response(bytes as BodyInit, { headers: { "content-type": type } }).formData() };
      }
    } catch {
      return errorAnswer(json, id, "REQUEST_MALFORMED", anchor);
    }
    try {
      return await run({ portal, client, contractId: id, body, ip: portal.ip, userAgent: request.headers.get("user-agent") });
    } catch (e) {
      if (!isAppError(e)) console.error(e);
      return errorAnswer(json, id, isAppError(e) ? e.code : "INTERNAL", anchor);
    }
  };
}

export { contractPath, seeOther };
