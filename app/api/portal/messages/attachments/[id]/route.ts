import { getDb } from "@/lib/db";
import { clientAttachment } from "@/lib/db/queries/conversations";
import { documentResponse } from "@/lib/files/document-download";
import { notFoundAnswer } from "@/lib/files/portal-file-answers";
import { messagesClientFrom } from "@/lib/conversations/portal-client";
import { portalRequest, seeOther } from "@/lib/portal/portal-request";

export const dynamic = "force-dynamic";

/**
 * A participant downloads a message's attachment (`?inline=1` shows a PDF or image). Only the conversation's clients
 * may: another client's, another workspace's or a guessed id answers exactly like an id that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  const client = await messagesClientFrom(request, portal, { touch: true });
  if (!client) return seeOther("/sign-in");
  const att = await clientAttachment(getDb(), { workspaceId: portal.workspace.id, contactId: client.contactId, attachmentId: id });
  if (!att) return notFoundAnswer(request);
  const inline = new URL(request.url).searchParams.get("inline") === "1";
  return (await documentResponse(att, { inline })) ?? notFoundAnswer(request);
}
