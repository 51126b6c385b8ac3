import { notFound, redirect } from "next/navigation";
import { requirePage } from "@/lib/auth/page-guard";
import { ensureOpportunityConversation } from "@/lib/conversations/ensure-conversation";
import { isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** "Message applicants": the opportunity's conversation, made on first use (idempotent). */
export default async function MessageOpportunity({ params }: { params: Promise<{ slug: string; opportunityId: string }> }) {
  const { slug, opportunityId } = await params;
  const ctx = await requirePage(slug, "admin");
  let id: string;
  try {
    id = await ensureOpportunityConversation(ctx.db, { workspaceId: ctx.workspace.id, opportunityId });
  } catch (e) {
    if (isAppError(e)) notFound();
    throw e;
  }
  redirect(`/w/${ctx.workspace.slug}/inbox/${id}#reply`);
}
