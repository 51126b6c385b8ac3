import { adminRoute } from "@/lib/actions/admin-route";
import { notFound } from "@/lib/conversations/admin-answers";
import { teamAttachment } from "@/lib/db/queries/conversations";
import { documentResponse } from "@/lib/files/document-download";

export const dynamic = "force-dynamic";

/** A team member (owner or admin) downloads a message attachment of this workspace; `?inline=1` shows a PDF or image. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const att = await teamAttachment(ctx.db, { workspaceId: ctx.workspace.id, attachmentId: id });
  if (!att) return notFound(request);
  const inline = new URL(request.url).searchParams.get("inline") === "1";
  return (await documentResponse(att, { inline })) ?? notFound(request);
}
