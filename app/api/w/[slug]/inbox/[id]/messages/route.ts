import { adminRoute } from "@/lib/actions/admin-route";
import { errorAnswer, json, notFound, seeOther, wantsJson } from "@/lib/conversations/admin-answers";
import { adminAttachmentUrl, toMessageJson } from "@/lib/conversations/message-json";
import { postFromRequest } from "@/lib/conversations/post-from-request";
import { teamAuthorName } from "@/lib/conversations/post-message";
import { listThreadMessages, teamConversation } from "@/lib/db/queries/conversations";
import { sameOriginPost } from "@/lib/same-origin";

export const dynamic = "force-dynamic";

/**
 * A team member (owner or admin) replies: multipart `body` and up to 5 `files`. JSON for the page's JavaScript, a 303
 * back to the conversation for a plain form. Another workspace's conversation is a 404 before the body is read.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  if (!sameOriginPost(request.headers)) return new Response("Cross-site request refused", { status: 403 });
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const conv = await teamConversation(ctx.db, { workspaceId: ctx.workspace.id, conversationId: id });
  if (!conv) return notFound(request);
  const page = `/w/${ctx.workspace.slug}/inbox/${conv.id}`;
  const out = await postFromRequest(request, ctx.db, {
    workspaceId: ctx.workspace.id,
    conversationId: conv.id,
    author: { kind: "team", userId: ctx.user.id, name: await teamAuthorName(ctx.db, ctx.user.id) },
  });
  if (!out.ok) return errorAnswer(request, out.error, `${page}#reply`);
  if (wantsJson(request)) {
    const [m] = await listThreadMessages(ctx.db, { workspaceId: ctx.workspace.id, conversationId: conv.id, afterSeq: out.message.seq - 1, limit: 1 });
    return json({ message: toMessageJson(m, { mine: () => true, attachmentUrl: adminAttachmentUrl(ctx.workspace.slug) }) }, 201);
  }
  return seeOther(`${page}?sent=1#latest`);
}
