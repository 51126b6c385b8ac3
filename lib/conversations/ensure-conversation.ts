import "server-only";
// Conversations are created on first use: insert … on conflict do nothing, then select, so two first uses at once
// (the client opening Messages while the admin clicks "Message Alice") end with one conversation.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { conversationIdFor } from "@/lib/db/queries/conversations";
import { AppError } from "@/lib/errors";

/** The conversation of a contact of this workspace (made if missing); NOT_FOUND for another workspace's or no contact. */
export async function ensureContactConversation(db: DbOrTx, p: { workspaceId: string; contactId: string }): Promise<string> {
  if (!isUuidLike(p.contactId)) throw new AppError("NOT_FOUND");
  await db.execute(sql`
    insert into conversations (workspace_id, contact_id)
    select workspace_id, id from contacts where id = ${p.contactId} and workspace_id = ${p.workspaceId}
    on conflict (workspace_id, contact_id) where contact_id is not null do nothing`);
  const id = await conversationIdFor(db, { workspaceId: p.workspaceId, contactId: p.contactId });
  if (!id) throw new AppError("NOT_FOUND");
  return id;
}

/**
 * The conversation of an opportunity of this workspace (made if missing, assigned to the opportunity's owner, who
 * then gets its clients' notices); NOT_FOUND otherwise.
 */
export async function ensureOpportunityConversation(db: DbOrTx, p: { workspaceId: string; opportunityId: string }): Promise<string> {
  if (!isUuidLike(p.opportunityId)) throw new AppError("NOT_FOUND");
  await db.execute(sql`
    insert into conversations (workspace_id, opportunity_id, assigned_user_id)
    select workspace_id, id, owner_user_id from opportunities where id = ${p.opportunityId} and workspace_id = ${p.workspaceId}
    on conflict (workspace_id, opportunity_id) where opportunity_id is not null do nothing`);
  const id = await conversationIdFor(db, { workspaceId: p.workspaceId, opportunityId: p.opportunityId });
  if (!id) throw new AppError("NOT_FOUND");
  return id;
}

/** Every conversation a client may write in: their own and one per opportunity they are an applicant of. */
export async function ensureClientConversations(db: DbOrTx, p: { workspaceId: string; contactId: string }): Promise<void> {
  await db.execute(sql`
    insert into conversations (workspace_id, contact_id)
    select workspace_id, id from contacts where id = ${p.contactId} and workspace_id = ${p.workspaceId}
    on conflict (workspace_id, contact_id) where contact_id is not null do nothing`);
  await db.execute(sql`
    insert into conversations (workspace_id, opportunity_id, assigned_user_id)
    select o.workspace_id, o.id, o.owner_user_id from opportunity_applicants a
      join opportunities o on o.id = a.opportunity_id and o.workspace_id = a.workspace_id
    where a.workspace_id = ${p.workspaceId} and a.contact_id = ${p.contactId}
    on conflict (workspace_id, opportunity_id) where opportunity_id is not null do nothing`);
}

const isUuidLike = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
