import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { removeRequestFile } from "@/lib/files/remove-request-file";
import { errorAnswer, jsonAnswer, needsSecondFactor, notFoundAnswer, safeReturnTo, seeOtherWith, wantsJson } from "@/lib/files/portal-file-answers";
import { field } from "@/lib/portal/portal-form";
import { portalRequest, sameOrigin } from "@/lib/portal/portal-request";
import { twoFactorClientFrom } from "@/lib/portal/two-factor-viewer";
import { readCapped } from "@/lib/http/read-capped";

export const dynamic = "force-dynamic";

/** A client removes one of their uploads while their response is not submitted. Form field `returnTo` (optional). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  if (!sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
  const form = await smallForm(request);
  const client = await twoFactorClientFrom(request, portal, { touch: true });
  if (!client) return needsSecondFactor(request, safeReturnTo(field(form, "returnTo", 500), "/"));
  try {
    const { requestId } = await removeRequestFile(getDb(), { workspaceId: portal.workspace.id, contactId: client.contactId, documentId: id });
    if (wantsJson(request)) return jsonAnswer({ id, deleted: true });
    return seeOtherWith(safeReturnTo(field(form, "returnTo", 500), `/requests/${requestId}`), { removed: "1" });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return notFoundAnswer(request);
    return errorAnswer(request, e, safeReturnTo(field(form, "returnTo", 500), "/"));
  }
}

/** The form holds at most a return path; anything bigger is ignored (treated as an empty form). */
async function smallForm(request: Request): Promise<FormData> {
  const bytes = await readCapped(request.body, 4096).catch(() => null);
  if (!bytes) return new FormData();
  try {
    return await new Response(bytes as BodyInit, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    return new FormData();
  }
}
