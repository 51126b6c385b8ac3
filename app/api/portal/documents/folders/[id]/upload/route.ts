import { getDb } from "@/lib/db";
import { maxUploadBytes } from "@/lib/files/files-env";
import { errorAnswer, jsonAnswer, notFoundAnswer, seeOtherWith, wantsJson } from "@/lib/files/portal-file-answers";
import { readUpload } from "@/lib/files/read-upload";
import { storeUpload } from "@/lib/files/upload-request-file";
import { portalClientFrom } from "@/lib/hub-documents/portal-client";
import { CLIENT_UPLOAD_LIMIT, checkClientUploadFolder, clientUploadPrefix, recordClientUpload, type ClientUploadTarget } from "@/lib/hub-documents/upload-client-file";
import { portalRequest, sameOrigin, seeOther } from "@/lib/portal/portal-request";
import { consumeLimit } from "@/lib/rate-limit";
import { AppError, isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * A client uploads one file (multipart field `file`) into a folder shared with them that takes uploads. JSON for
 * script (Accept: application/json), else a 303 back to the folder page with ?uploaded=1 or ?error=CODE. A folder they
 * cannot see answers 404 before the body is read; nothing is stored for a refused upload.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id: folderId } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  if (!sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
  const client = await portalClientFrom(request, portal, { touch: true });
  if (!client) return wantsJson(request) ? jsonAnswer({ error: { code: "UNAUTHENTICATED" } }, 401) : seeOther("/sign-in");
  const target: ClientUploadTarget = { workspaceId: portal.workspace.id, contactId: client.contactId, portalUserId: client.portalUserId, folderId };
  const back = `/documents/folders/${encodeURIComponent(folderId)}`;
  const db = getDb();
  try {
    await checkClientUploadFolder(db, target);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return notFoundAnswer(request);
    return errorAnswer(request, e, back);
  }
  // Counted before the body is read, so a refused upload stores nothing.
  const limit = await consumeLimit(db, CLIENT_UPLOAD_LIMIT, `${portal.workspace.id}:${client.contactId}`).catch((e: unknown) => ({ ok: false as const, error: e }));
  if (!limit.ok) return errorAnswer(request, "error" in limit ? limit.error : new AppError("RATE_LIMITED"), back);
  const maxBytes = maxUploadBytes();
  const out = await readUpload(request, {
    maxBytes,
    handle: async (file, filename) => ({ stored: await storeUpload(file, { maxBytes, prefix: clientUploadPrefix(target) }), filename }),
  });
  if (out.error !== undefined || !out.result) return errorAnswer(request, out.error, back);
  try {
    const row = await recordClientUpload(db, target, out.result.stored, out.result.filename);
    if (wantsJson(request)) return jsonAnswer(row, 201);
    return seeOtherWith(back, { uploaded: "1" });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return notFoundAnswer(request);
    return errorAnswer(request, e, back);
  }
}
