import { getDb } from "@/lib/db";
import { applicantDocument } from "@/lib/db/queries/client-centre-access";
import { documentResponse } from "@/lib/files/document-download";
import { needsSecondFactor, notFoundAnswer } from "@/lib/files/portal-file-answers";
import { portalRequest } from "@/lib/portal/portal-request";
import { twoFactorClientFrom } from "@/lib/portal/two-factor-viewer";

export const dynamic = "force-dynamic";

/** A client downloads a file they uploaded (two-factor session; another client's or a guessed id is a plain 404). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  const client = await twoFactorClientFrom(request, portal, { touch: true });
  if (!client) return needsSecondFactor(request, `/api/portal/files/${encodeURIComponent(id)}`);
  const doc = await applicantDocument(getDb(), { workspaceId: portal.workspace.id, contactId: client.contactId, documentId: id });
  if (!doc) return notFoundAnswer(request);
  return (await documentResponse(doc)) ?? notFoundAnswer(request);
}
