import { getDb } from "@/lib/db";
import { clientConversation, listThreadMessages, type ThreadMessage } from "@/lib/db/queries/conversations";
import { feedStart, sseResponse, wantsEventStream } from "@/lib/conversations/event-stream";
import { portalAttachmentUrl, toMessageJson } from "@/lib/conversations/message-json";
import { messagesClientFrom } from "@/lib/conversations/portal-client";
import { jsonAnswer, notFoundAnswer } from "@/lib/files/portal-file-answers";
import { errorMessages } from "@/lib/errors";
import { portalRequest } from "@/lib/portal/portal-request";

export const dynamic = "force-dynamic";

const BATCH = 100;

/**
 * New messages of a thread after a seq (`?after=`, or Last-Event-ID when the browser reconnects): a server-sent event
 * stream for `Accept: text/event-stream`, else one JSON answer (the polling fallback). Reading is not activity, so it
 * does not keep the session alive; access is checked again on every wake, and the stream ends when it is gone.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const portal = await portalRequest(request.headers);
  if (!portal) return new Response("Not found", { status: 404 });
  const client = await messagesClientFrom(request, portal, { touch: false });
  if (!client) return jsonAnswer({ error: { code: "UNAUTHENTICATED", message: errorMessages.UNAUTHENTICATED } }, 401);
  const db = getDb();
  const who = { workspaceId: portal.workspace.id, contactId: client.contactId, conversationId: id };
  const conv = await clientConversation(db, who);
  if (!conv) return notFoundAnswer(request);
  const json = (m: ThreadMessage) => toMessageJson(m, { mine: (x) => x.authorContactId === client.contactId, attachmentUrl: portalAttachmentUrl });
  let after = feedStart(request);

  if (!wantsEventStream(request)) {
    const rows = await listThreadMessages(db, { workspaceId: portal.workspace.id, conversationId: conv.id, afterSeq: after, limit: BATCH });
    return jsonAnswer({ messages: rows.map(json) });
  }
  return sseResponse(request, {
    key: { conversationId: conv.id },
    pump: async (send, reason) => {
      if (reason !== "start") {
        // Signed out, session ended or access removed since the stream began: stop.
        const still = await messagesClientFrom(request, portal, { touch: false });
        if (!still || !(await clientConversation(db, who))) return false;
      }
      for (;;) {
        const rows = await listThreadMessages(db, { workspaceId: portal.workspace.id, conversationId: conv.id, afterSeq: after, limit: BATCH });
        for (const m of rows) send({ id: String(m.seq), event: "message", data: json(m) });
        if (rows.length > 0) after = rows[rows.length - 1].seq;
        if (rows.length < BATCH) return true;
      }
    },
  });
}
