import { adminRoute } from "@/lib/actions/admin-route";
import { contextFor } from "@/lib/auth/admin-context";
import { json, notFound } from "@/lib/conversations/admin-answers";
import { feedStart, sseResponse, wantsEventStream } from "@/lib/conversations/event-stream";
import { adminAttachmentUrl, toMessageJson } from "@/lib/conversations/message-json";
import { listThreadMessages, teamConversation, type ThreadMessage } from "@/lib/db/queries/conversations";

export const dynamic = "force-dynamic";

const BATCH = 100;

/** New messages of a conversation after a seq, for the inbox's thread: an event stream, or JSON (polling fallback). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const where = { workspaceId: ctx.workspace.id, conversationId: id };
  const conv = await teamConversation(ctx.db, where);
  if (!conv) return notFound(request);
  const toJson = (m: ThreadMessage) => toMessageJson(m, { mine: (x) => !x.fromClient, attachmentUrl: adminAttachmentUrl(ctx.workspace.slug) });
  let after = feedStart(request);
  if (!wantsEventStream(request)) {
    const rows = await listThreadMessages(ctx.db, { ...where, afterSeq: after, limit: BATCH });
    return json({ messages: rows.map(toJson) });
  }
  return sseResponse(request, {
    key: { conversationId: conv.id },
    pump: async (send, reason) => {
      if (reason !== "start") {
        // Still a member with the role (removed or demoted members stop receiving).
        try {
          await contextFor(ctx.db, ctx.user, ctx.workspace.slug, "admin");
        } catch {
          return false;
        }
      }
      for (;;) {
        const rows = await listThreadMessages(ctx.db, { ...where, afterSeq: after, limit: BATCH });
        for (const m of rows) send({ id: String(m.seq), event: "message", data: toJson(m) });
        if (rows.length > 0) after = rows[rows.length - 1].seq;
        if (rows.length < BATCH) return true;
      }
    },
  });
}
