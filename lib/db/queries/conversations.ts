import "server-only";
// Reads of conversations: who may see one (a client: their own, or an opportunity's they are an applicant of; the
// team: any in the workspace), the admin inbox in keyset pages, a client's list, a thread's messages by seq, unread
// counts on both sides. Every query names the workspace.
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { bindableText } from "@/lib/db/bindable";
import { escapeLike } from "@/lib/db/queries/contacts";
import { createdAtText, decodeTimeCursor, encodeTimeCursor, isUuid } from "@/lib/db/queries/time-cursor";
import { contacts, conversationAttachments, conversationMessages, conversationReads, conversations, opportunities, users } from "@/lib/db/schema";

export { isUuid };

// Always table-qualified inside subqueries: drizzle writes a column of a one-table select unqualified ("id"), which a
// correlated subquery would resolve against its own tables instead.
const C = {
  id: sql.raw(`"conversations"."id"`),
  workspaceId: sql.raw(`"conversations"."workspace_id"`),
  contactId: sql.raw(`"conversations"."contact_id"`),
  opportunityId: sql.raw(`"conversations"."opportunity_id"`),
  lastClientSeq: sql.raw(`"conversations"."last_client_seq"`),
};

/** SQL condition on `conversations`: this client (contact) takes part in it, in this workspace. */
export function clientTakesPart(p: { workspaceId: string; contactId: string }): SQL {
  return sql`(${C.workspaceId} = ${p.workspaceId} and (
    ${C.contactId} = ${p.contactId}
    or (${C.opportunityId} is not null and exists (
      select 1 from opportunity_applicants a
      where a.workspace_id = ${p.workspaceId} and a.opportunity_id = ${C.opportunityId} and a.contact_id = ${p.contactId}
    ))
  ))`;
}

export type ConversationHead = {
  id: string;
  workspaceId: string;
  contactId: string | null;
  opportunityId: string | null;
  assignedUserId: string | null;
  lastSeq: number;
  title: string;
  contact: { firstName: string; lastName: string; email: string | null; phone: string | null } | null;
};

const headColumns = {
  id: conversations.id,
  workspaceId: conversations.workspaceId,
  contactId: conversations.contactId,
  opportunityId: conversations.opportunityId,
  assignedUserId: conversations.assignedUserId,
  lastSeq: conversations.lastSeq,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  phone: contacts.phone,
  opportunityName: opportunities.name,
};

type HeadRow = { [K in keyof typeof headColumns]: unknown };

function toHead(r: HeadRow): ConversationHead {
  const contact = r.contactId ? { firstName: r.firstName as string, lastName: r.lastName as string, email: r.email as string | null, phone: r.phone as string | null } : null;
  return {
    id: r.id as string,
    workspaceId: r.workspaceId as string,
    contactId: r.contactId as string | null,
    opportunityId: r.opportunityId as string | null,
    assignedUserId: r.assignedUserId as string | null,
    lastSeq: r.lastSeq as number,
    title: contact ? contactName(contact) : ((r.opportunityName as string | null) ?? "Opportunity"),
    contact,
  };
}

export const contactName = (c: { firstName: string; lastName: string; email?: string | null; phone?: string | null }) =>
  `${c.firstName} ${c.lastName}`.trim() || c.email || c.phone || "Client";

function headQuery(db: DbOrTx) {
  return db
    .select(headColumns)
    .from(conversations)
    .leftJoin(contacts, and(eq(contacts.id, conversations.contactId), eq(contacts.workspaceId, conversations.workspaceId)))
    .leftJoin(opportunities, and(eq(opportunities.id, conversations.opportunityId), eq(opportunities.workspaceId, conversations.workspaceId)));
}

/** A conversation for the team of this workspace; null for a malformed id, another workspace's, or none. */
export async function teamConversation(db: DbOrTx, p: { workspaceId: string; conversationId: string }): Promise<ConversationHead | null> {
  if (!isUuid(p.conversationId)) return null;
  const [row] = await headQuery(db).where(and(eq(conversations.id, p.conversationId), eq(conversations.workspaceId, p.workspaceId)));
  return row ? toHead(row) : null;
}

/** A conversation this client takes part in; another client's or a guessed id reads exactly like one that does not exist. */
export async function clientConversation(db: DbOrTx, p: { workspaceId: string; contactId: string; conversationId: string }): Promise<ConversationHead | null> {
  if (!isUuid(p.conversationId)) return null;
  const [row] = await headQuery(db).where(and(eq(conversations.id, p.conversationId), clientTakesPart(p)));
  return row ? toHead(row) : null;
}

/** The existing conversation of a contact or an opportunity (ids of this workspace only), or null. */
export async function conversationIdFor(db: DbOrTx, p: { workspaceId: string } & ({ contactId: string } | { opportunityId: string })): Promise<string | null> {
  const where = "contactId" in p ? eq(conversations.contactId, p.contactId) : eq(conversations.opportunityId, p.opportunityId);
  const [row] = await db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.workspaceId, p.workspaceId), where));
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

export type ThreadMessage = {
  id: string;
  seq: number;
  authorName: string;
  authorContactId: string | null;
  authorUserId: string | null;
  fromClient: boolean;
  body: string;
  createdAt: Date;
  attachments: { id: string; name: string; size: number; contentType: string }[];
};

/**
 * Messages of a conversation in seq order: after a seq (the live feed's catch-up), or the newest `limit` before a seq
 * (or the newest of all). The caller has checked access to the conversation.
 */
export async function listThreadMessages(
  db: DbOrTx,
  p: { workspaceId: string; conversationId: string; afterSeq?: number; beforeSeq?: number; limit: number },
): Promise<ThreadMessage[]> {
  const base = and(
    eq(conversationMessages.workspaceId, p.workspaceId),
    eq(conversationMessages.conversationId, p.conversationId),
    p.afterSeq !== undefined ? gt(conversationMessages.seq, p.afterSeq) : undefined,
    p.beforeSeq !== undefined ? lt(conversationMessages.seq, p.beforeSeq) : undefined,
  );
  const cols = {
    id: conversationMessages.id,
    seq: conversationMessages.seq,
    authorName: conversationMessages.authorName,
    authorContactId: conversationMessages.authorContactId,
    authorUserId: conversationMessages.authorUserId,
    fromClient: conversationMessages.fromClient,
    body: conversationMessages.body,
    createdAt: conversationMessages.createdAt,
  };
  const rows =
    p.afterSeq !== undefined
      ? await db.select(cols).from(conversationMessages).where(base).orderBy(asc(conversationMessages.seq)).limit(p.limit)
      : (await db.select(cols).from(conversationMessages).where(base).orderBy(desc(conversationMessages.seq)).limit(p.limit)).reverse();
  if (rows.length === 0) return [];
  const atts = await db
    .select({
      id: conversationAttachments.id,
      messageId: conversationAttachments.messageId,
      name: conversationAttachments.name,
      size: conversationAttachments.size,
      contentType: conversationAttachments.contentType,
    })
    .from(conversationAttachments)
    .where(
      and(
        eq(conversationAttachments.workspaceId, p.workspaceId),
        eq(conversationAttachments.conversationId, p.conversationId),
        inArray(conversationAttachments.messageId, rows.map((r) => r.id)),
      ),
    )
    .orderBy(asc(conversationAttachments.createdAt), asc(conversationAttachments.id));
  return rows.map((r) => ({
    ...r,
    attachments: atts.filter((a) => a.messageId === r.id).map(({ messageId: _m, ...a }) => a),
  }));
}

export type AttachmentRow = { id: string; conversationId: string; name: string; contentType: string; storageKey: string };

/** An attachment, with its conversation, for the caller to check access to. */
async function attachmentRow(db: DbOrTx, p: { workspaceId: string; attachmentId: string }, extra?: SQL): Promise<AttachmentRow | null> {
  if (!isUuid(p.attachmentId)) return null;
  const [row] = await db
    .select({
      id: conversationAttachments.id,
      conversationId: conversationAttachments.conversationId,
      name: conversationAttachments.name,
      contentType: conversationAttachments.contentType,
      storageKey: conversationAttachments.storageKey,
    })
    .from(conversationAttachments)
    .innerJoin(conversations, and(eq(conversations.id, conversationAttachments.conversationId), eq(conversations.workspaceId, conversationAttachments.workspaceId)))
    .where(and(eq(conversationAttachments.id, p.attachmentId), eq(conversationAttachments.workspaceId, p.workspaceId), extra));
  return row ?? null;
}

/** An attachment the team of this workspace may download. */
export const teamAttachment = (db: DbOrTx, p: { workspaceId: string; attachmentId: string }) => attachmentRow(db, p);

/** An attachment of a conversation this client takes part in; anything else is null (answered as not found). */
export const clientAttachment = (db: DbOrTx, p: { workspaceId: string; contactId: string; attachmentId: string }) => attachmentRow(db, p, clientTakesPart(p));

// ---------------------------------------------------------------------------------------------------------------
// Unread counts

/**
 * The one rule for a client's unread messages across every conversation they take part in (their own, and those of
 * opportunities they are an applicant of): one row per unread message (conversation_id, preview, last_message_at),
 * for the home page, the nav badge and the notice sender to count as they need.
 */
export function clientUnreadMessages(p: { workspaceId: string; contactId: string }): SQL {
  return sql`select c.id as conversation_id, c.last_message_preview as preview, c.last_message_at as last_message_at
    from conversations c
    left join conversation_reads r on r.conversation_id = c.id and r.contact_id = ${p.contactId}
    join conversation_messages m on m.conversation_id = c.id and m.workspace_id = c.workspace_id and m.seq > coalesce(r.last_read_seq, 0)
    where c.workspace_id = ${p.workspaceId}
      and (c.contact_id = ${p.contactId}
        or (c.opportunity_id is not null and exists (select 1 from opportunity_applicants a
          where a.workspace_id = ${p.workspaceId} and a.opportunity_id = c.opportunity_id and a.contact_id = ${p.contactId})))
      and m.author_contact_id is distinct from ${p.contactId}`;
}

/** Messages this client has not read: after their read mark and not written by them (the team's, other applicants'). */
const clientUnreadSql = (contactId: string) => sql<number>`(
  select count(*)::int from conversation_messages m
  where m.conversation_id = ${C.id} and m.workspace_id = ${C.workspaceId}
    and m.seq > coalesce((select r.last_read_seq from conversation_reads r where r.conversation_id = ${C.id} and r.contact_id = ${contactId}), 0)
    and m.author_contact_id is distinct from ${contactId}
)`;

/** Client messages this team member has not read. */
const teamUnreadSql = (userId: string) => sql<number>`(
  select count(*)::int from conversation_messages m
  where m.conversation_id = ${C.id} and m.workspace_id = ${C.workspaceId} and m.from_client
    and m.seq > coalesce((select r.last_read_seq from conversation_reads r where r.conversation_id = ${C.id} and r.user_id = ${userId}), 0)
)`;

/** Whether this team member has client messages they have not read (cheap: the conversation's own counter). */
const teamHasUnread = (userId: string) =>
  sql`${C.lastClientSeq} > coalesce((select r.last_read_seq from conversation_reads r where r.conversation_id = ${C.id} and r.user_id = ${userId}), 0)`;

/** Unread messages of one conversation for a client or a team member. */
export async function unreadCount(db: DbOrTx, p: { workspaceId: string; conversationId: string; who: { contactId: string } | { userId: string } }): Promise<number> {
  const expr = "contactId" in p.who ? clientUnreadSql(p.who.contactId) : teamUnreadSql(p.who.userId);
  const [row] = await db
    .select({ n: expr })
    .from(conversations)
    .where(and(eq(conversations.id, p.conversationId), eq(conversations.workspaceId, p.workspaceId)));
  return row?.n ?? 0;
}

/** How far a participant has read a conversation (0 when never). */
export async function lastReadSeq(db: DbOrTx, p: { workspaceId: string; conversationId: string; who: { contactId: string } | { userId: string } }): Promise<number> {
  const who = "contactId" in p.who ? eq(conversationReads.contactId, p.who.contactId) : eq(conversationReads.userId, p.who.userId);
  const [row] = await db
    .select({ seq: conversationReads.lastReadSeq })
    .from(conversationReads)
    .where(and(eq(conversationReads.workspaceId, p.workspaceId), eq(conversationReads.conversationId, p.conversationId), who));
  return row?.seq ?? 0;
}

/** All unread messages of a client across their conversations (the portal home's "unread messages"). */
export async function clientUnreadTotal(db: DbOrTx, p: { workspaceId: string; contactId: string }): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (${clientUnreadMessages(p)}) u`));
  return Number(row?.n ?? 0);
}

/** How many conversations have client messages this team member has not read (the inbox's badge). */
export async function teamUnreadConversations(db: DbOrTx, p: { workspaceId: string; userId: string; cap?: number }): Promise<number> {
  // Capped (the nav badge reads "99+"): the count stops at `cap` matches instead of visiting every conversation.
  const inner = db
    .select({ one: sql`1` })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, p.workspaceId), sql`${conversations.lastMessageAt} is not null`, teamHasUnread(p.userId)))
    .limit(p.cap ?? 1_000_000)
    .as("u");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inner);
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

export type ClientConversationRow = {
  id: string;
  opportunityId: string | null;
  title: string;
  lastMessageAt: Date | null;
  preview: string | null;
  unread: number;
};

/** The client's conversations: their own and their opportunities', newest activity first, empty ones last. */
export async function listClientConversations(db: DbOrTx, p: { workspaceId: string; contactId: string; workspaceName: string }): Promise<ClientConversationRow[]> {
  const rows = await db
    .select({
      id: conversations.id,
      opportunityId: conversations.opportunityId,
      opportunityName: opportunities.name,
      lastMessageAt: conversations.lastMessageAt,
      preview: conversations.lastMessagePreview,
      unread: clientUnreadSql(p.contactId),
    })
    .from(conversations)
    .leftJoin(opportunities, and(eq(opportunities.id, conversations.opportunityId), eq(opportunities.workspaceId, conversations.workspaceId)))
    .where(clientTakesPart(p))
    .orderBy(sql`${conversations.lastMessageAt} desc nulls last`, sql`${conversations.opportunityId} is not null`, asc(conversations.id))
    .limit(200);
  return rows.map((r) => ({
    id: r.id,
    opportunityId: r.opportunityId,
    title: r.opportunityId ? (r.opportunityName ?? "Opportunity") : p.workspaceName,
    lastMessageAt: r.lastMessageAt,
    preview: r.preview,
    unread: r.unread,
  }));
}

export type InboxRow = {
  id: string;
  kind: "contact" | "opportunity";
  contactId: string | null;
  opportunityId: string | null;
  title: string;
  subtitle: string | null;
  lastMessageAt: Date;
  preview: string | null;
  unread: number;
  assignedUserId: string | null;
  assignedName: string | null;
};

export type InboxFilter = { q?: string; unread?: boolean; mine?: boolean };

/** The admin inbox: every conversation with a message, newest activity first, 50 a page by (last_message_at, id). */
export async function listInbox(
  db: DbOrTx,
  p: { workspaceId: string; userId: string; filter: InboxFilter; cursor?: string | null; limit: number },
): Promise<{ rows: InboxRow[]; next: string | null }> {
  const after = decodeTimeCursor(p.cursor);
  const q = (p.filter.q ?? "").trim().toLowerCase().slice(0, 100);
  const rows = await db
    .select({
      id: conversations.id,
      contactId: conversations.contactId,
      opportunityId: conversations.opportunityId,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      opportunityName: opportunities.name,
      lastMessageAt: conversations.lastMessageAt,
      atText: createdAtText(conversations.lastMessageAt),
      preview: conversations.lastMessagePreview,
      unread: teamUnreadSql(p.userId),
      assignedUserId: conversations.assignedUserId,
      assignedName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
    })
    .from(conversations)
    .leftJoin(contacts, and(eq(contacts.id, conversations.contactId), eq(contacts.workspaceId, conversations.workspaceId)))
    .leftJoin(opportunities, and(eq(opportunities.id, conversations.opportunityId), eq(opportunities.workspaceId, conversations.workspaceId)))
    .leftJoin(users, eq(users.id, conversations.assignedUserId))
    .where(
      and(
        eq(conversations.workspaceId, p.workspaceId),
        sql`${conversations.lastMessageAt} is not null`,
        p.filter.mine ? eq(conversations.assignedUserId, p.userId) : undefined,
        p.filter.unread ? teamHasUnread(p.userId) : undefined,
        q ? inboxSearch(p.workspaceId, q) : undefined,
        after ? sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    // Exactly the inbox index's order (DESC is NULLS FIRST; rows without messages are filtered out above).
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(p.limit + 1);
  const more = rows.length > p.limit;
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      id: r.id,
      kind: r.contactId ? "contact" : "opportunity",
      contactId: r.contactId,
      opportunityId: r.opportunityId,
      title: r.contactId ? contactName({ firstName: r.firstName ?? "", lastName: r.lastName ?? "", email: r.email, phone: r.phone }) : (r.opportunityName ?? "Opportunity"),
      subtitle: r.contactId ? (r.email ?? r.phone) : "Opportunity",
      lastMessageAt: r.lastMessageAt!,
      preview: r.preview,
      unread: r.unread,
      assignedUserId: r.assignedUserId,
      assignedName: r.assignedUserId ? r.assignedName : null,
    })),
    next: more && last ? encodeTimeCursor({ createdAt: last.atText, id: last.id }) : null,
  };
}

/**
 * Search: the contact's name, email or phone (the contacts' trigram-indexed `search` column), the opportunity's name
 * or one of its applicants, or any message's text (trigram index on lower(body)).
 */
function inboxSearch(workspaceId: string, q: string): SQL {
  if (!bindableText(q)) return sql`false`;
  const like = `%${escapeLike(q)}%`;
  const digits = q.replace(/\D/g, "").replace(/^0+/, "");
  const phoneLike = /^\+?[\d\s\-().]+$/.test(q) && digits.length >= 3 ? `%${digits}%` : null;
  const matchingContacts = sql`select c.id from contacts c where c.workspace_id = ${workspaceId} and (c.search ilike ${like}${phoneLike ? sql` or c.search ilike ${phoneLike}` : sql``})`;
  return sql`(
    ${C.contactId} in (${matchingContacts})
    or ${C.opportunityId} in (
      select o.id from opportunities o where o.workspace_id = ${workspaceId} and lower(o.name) like ${like}
      union
      select a.opportunity_id from opportunity_applicants a where a.workspace_id = ${workspaceId} and a.contact_id in (${matchingContacts})
    )
    or ${C.id} in (
      select m.conversation_id from conversation_messages m where m.workspace_id = ${workspaceId} and lower(m.body) like ${like}
    )
  )`;
}

/** The people of an opportunity conversation (its applicants), for the thread's header. */
export async function opportunityApplicantNames(db: DbOrTx, p: { workspaceId: string; opportunityId: string }) {
  const r = await db.execute(sql`
    select c.id as contact_id, c.first_name, c.last_name, c.email,
      exists (select 1 from portal_users pu where pu.workspace_id = c.workspace_id and pu.contact_id = c.id and pu.status <> 'revoked') as has_portal
    from opportunity_applicants a join contacts c on c.id = a.contact_id and c.workspace_id = a.workspace_id
    where a.workspace_id = ${p.workspaceId} and a.opportunity_id = ${p.opportunityId}
    order by c.first_name, c.last_name`);
  return rowsOf<{ contact_id: string; first_name: string; last_name: string; email: string | null; has_portal: boolean }>(r);
}

/** Members who may be assigned a conversation (owners and admins: marketing members never see client data). */
export async function assignableMembers(db: DbOrTx, p: { workspaceId: string }) {
  const r = await db.execute(sql`
    select u.id, coalesce(nullif(u.name, ''), u.email) as name from memberships m join users u on u.id = m.user_id
    where m.workspace_id = ${p.workspaceId} and m.role in ('owner', 'admin') order by 2`);
  return rowsOf<{ id: string; name: string }>(r);
}
