import { notFound, redirect } from "next/navigation";
import { requirePage } from "@/lib/auth/page-guard";
import { ensureContactConversation } from "@/lib/conversations/ensure-conversation";
import { isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** "Message <contact>": the contact's conversation, made on first use (idempotent, so a repeated GET is harmless). */
export default async function MessageContact({ params }: { params: Promise<{ slug: string; contactId: string }> }) {
  const { slug, contactId } = await params;
  const ctx = await requirePage(slug, "admin");
  let id: string;
  try {
    id = await ensureContactConversation(ctx.db, { workspaceId: ctx.workspace.id, contactId });
  } catch (e) {
    if (isAppError(e)) notFound();
    throw e;
  }
  redirect(`/w/${ctx.workspace.slug}/inbox/${id}#reply`);
}
