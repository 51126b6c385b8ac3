import { getDb } from "@/lib/db";
import { clientConversation, listThreadMessages } from "@/lib/db/queries/conversations";
import { errorAnswer, jsonAnswer, notFoundAnswer, wantsJson } from "@/lib/files/portal-file-answers";
import { toMessageJson, portalAttachmentUrl } from "@/lib/conversations/message-json";
import { messagesClientFrom } from "@/lib/conversations/portal-client";
import { postFromRequest } from "@/lib/conversations/post-from-request";
import { errorMessages } from "@/lib/errors";
import { portalRequest, sameOrigin, seeOther } from "@/lib/portal/portal-request";

export const dynamic = "force-dynamic";

/**
 * A client posts a message (multipart: `body` and up to 5 `files`; or urlencoded `body`). The reply box's JavaScript
 * sends Accept: application/json and gets the message; a plain form gets a 303 back to the thread. Another client's
 * or a guessed conversation id is a 404 before a byte of the body is read.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  if (!sameOrigin(request.headers, portal.host)) return new Response("Cross-site request refused", { status: 403 });
  const client = await messagesClientFrom(request, portal, { touch: true });
  if (!client) {
    if (wantsJson(request)) return jsonAnswer({ error: { code: "UNAUTHENTICATED", message: errorMessages.UNAUTHENTICATED } }, 401);
    return seeOther("/sign-in");
  }
  const db = getDb();
  const conv = await clientConversation(db, { workspaceId: portal.workspace.id, contactId: client.contactId, conversationId: id });
  if (!conv) return notFoundAnswer(request);
  const thread = `/messages/${conv.id}`;
  const out = await postFromRequest(request, db, {
    workspaceId: portal.workspace.id,
    conversationId: conv.id,
    author: { kind: "client", contactId: client.contactId, name: client.name },
  });
  if (!out.ok) return errorAnswer(request, out.error, `${thread}#reply`);
  if (wantsJson(request)) {
    const [m] = await listThreadMessages(db, { workspaceId: portal.workspace.id, conversationId: conv.id, afterSeq: out.message.seq - 1, limit: 1 });
    return jsonAnswer({ message: toMessageJson(m, { mine: () => true, attachmentUrl: portalAttachmentUrl }) }, 201);
  }
  return seeOther(`${thread}?sent=1#latest`);
}
