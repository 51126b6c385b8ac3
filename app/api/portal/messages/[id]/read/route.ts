import { getDb } from "@/lib/db";
import { clientConversation } from "@/lib/db/queries/conversations";
import { markRead, readSeq } from "@/lib/conversations/mark-read";
import { messagesClientFrom } from "@/lib/conversations/portal-client";
import { jsonAnswer, notFoundAnswer } from "@/lib/files/portal-file-answers";
import { errorMessages } from "@/lib/errors";
import { portalRequest, sameOrigin } from "@/lib/portal/portal-request";

export const dynamic = "force-dynamic";

/** The thread's JavaScript marks what it has shown as read: `{ seq }`; the mark never moves back or past the last message. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  if (!sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
  const client = await messagesClientFrom(request, portal, { touch: false });
  if (!client) return jsonAnswer({ error: { code: "UNAUTHENTICATED", message: errorMessages.UNAUTHENTICATED } }, 401);
  const db = getDb();
  const conv = await clientConversation(db, { workspaceId: portal.workspace.id, contactId: client.contactId, conversationId: id });
  if (!conv) return notFoundAnswer(request);
  const seq = await readSeq(request);
  if (seq === null) return jsonAnswer({ error: { code: "REQUEST_MALFORMED", message: errorMessages.REQUEST_MALFORMED } }, 400);
  const lastReadSeq = await markRead(db, { workspaceId: portal.workspace.id, conversationId: conv.id, who: { contactId: client.contactId }, seq });
  return jsonAnswer({ lastReadSeq });
}
