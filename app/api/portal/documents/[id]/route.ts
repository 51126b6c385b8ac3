import { getDb } from "@/lib/db";
import { visibleSharedFile } from "@/lib/db/queries/shared-file-access";
import { documentResponse } from "@/lib/files/document-download";
import { notFoundAnswer } from "@/lib/files/portal-file-answers";
import { inlineViewable } from "@/lib/files/sniff";
import { portalClientFrom } from "@/lib/hub-documents/portal-client";
import { recordFileEvent } from "@/lib/hub-documents/record-file-event";
import { portalRequest, seeOther } from "@/lib/portal/portal-request";

export const dynamic = "force-dynamic";

/**
 * A client opens a shared file: `?inline=1` previews a PDF or an image in the browser (a "view"), otherwise it
 * downloads (a "download"). The event is recorded before the bytes stream. A file the client cannot reach (another
 * client's, a guessed id, removed, unshared, another workspace's) is a plain 404, the same as one that never existed.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  const client = await portalClientFrom(request, portal, { touch: true });
  if (!client) return seeOther("/sign-in");
  const db = getDb();
  const file = await visibleSharedFile(db, { workspaceId: portal.workspace.id, contactId: client.contactId, fileId: id });
  if (!file) return notFoundAnswer(request);
  const inline = new URL(request.url).searchParams.get("inline") === "1" && inlineViewable(file.contentType);
  await recordFileEvent(db, {
    workspaceId: portal.workspace.id,
    fileId: file.id,
    contactId: client.contactId,
    portalUserId: client.portalUserId,
    kind: inline ? "view" : "download",
    ip: portal.ip,
    userAgent: request.headers.get("user-agent"),
  });
  return (await documentResponse(file, { inline })) ?? notFoundAnswer(request);
}
