import { adminRoute } from "@/lib/actions/admin-route";
import { json, notFound } from "@/lib/conversations/admin-answers";
import { markRead, readSeq } from "@/lib/conversations/mark-read";
import { teamConversation } from "@/lib/db/queries/conversations";
import { errorMessages } from "@/lib/errors";
import { sameOriginPost } from "@/lib/same-origin";

export const dynamic = "force-dynamic";

/** The thread's JavaScript marks what this member has been shown as read (`{ seq }`; forward only, capped at the last message). */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  if (!sameOriginPost(request.headers)) return new Response("Cross-site request refused", { status: 403 });
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const conv = await teamConversation(ctx.db, { workspaceId: ctx.workspace.id, conversationId: id });
  if (!conv) return notFound(request);
  const seq = await readSeq(request);
  if (seq === null) return json({ error: { code: "REQUEST_MALFORMED", message: errorMessages.REQUEST_MALFORMED } }, 400);
  const lastReadSeq = await markRead(ctx.db, { workspaceId: ctx.workspace.id, conversationId: conv.id, who: { userId: ctx.user.id }, seq });
  return json({ lastReadSeq });
}
