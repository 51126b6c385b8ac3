import { getDb } from "@/lib/db";
import { maxUploadBytes } from "@/lib/files/files-env";
import { errorAnswer, jsonAnswer, needsSecondFactor, notFoundAnswer, safeReturnTo, seeOtherWith, wantsJson } from "@/lib/files/portal-file-answers";
import { readUpload } from "@/lib/files/read-upload";
import { checkUploadTarget, recordUpload, storeUpload, uploadPrefix, type UploadTarget } from "@/lib/files/upload-request-file";
import { isAppError } from "@/lib/errors";
import { portalRequest, sameOrigin } from "@/lib/portal/portal-request";
import { twoFactorClientFrom } from "@/lib/portal/two-factor-viewer";

export const dynamic = "force-dynamic";

/**
 * A client uploads one file (multipart field `file`, optional `returnTo`) to a document item of a request. The
 * JavaScript uploader sends Accept: application/json and gets `{ id, name, size, contentType }` or `{ error }`;
 * a plain form gets a 303 back to `returnTo` with ?uploaded=1 or ?error=CODE, and &item=<itemId> (which box).
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string; itemId: string }> }) {
  const { id: requestId, itemId } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  if (!sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
  const fallback = `/requests/${encodeURIComponent(requestId)}`;
  const client = await twoFactorClientFrom(request, portal, { touch: true });
  if (!client) return needsSecondFactor(request, fallback);

  const target: UploadTarget = { workspaceId: portal.workspace.id, contactId: client.contactId, portalUserId: client.portalUserId, requestId, itemId };
  const db = getDb();
  try {
    await checkUploadTarget(db, target);
  } catch (e) {
    // Another client's (or a guessed) request or item answers exactly like one that does not exist.
    if (isAppError(e) && e.code === "NOT_FOUND") return notFoundAnswer(request);
    return errorAnswer(request, e, fallback, { item: itemId });
  }

  const maxBytes = maxUploadBytes();
  const out = await readUpload(request, {
    maxBytes,
    handle: async (file, filename) => ({ stored: await storeUpload(file, { maxBytes, prefix: uploadPrefix(target) }), filename }),
  });
  const returnTo = safeReturnTo(out.fields.returnTo, fallback);
  if (out.error !== undefined || !out.result) return errorAnswer(request, out.error, returnTo, { item: itemId });
  try {
    const doc = await recordUpload(db, target, out.result.stored, out.result.filename);
    if (wantsJson(request)) return jsonAnswer(doc, 201);
    return seeOtherWith(returnTo, { uploaded: "1", item: itemId });
  } catch (e) {
    return errorAnswer(request, e, returnTo, { item: itemId });
  }
}
