import "server-only";
// The portal home's reads: what needs the client's attention, recent files, recent activity, and the nav's badges.
// One bounded query per block, each scoped to this workspace and this client (files through the one access rule in
// shared-file-access.ts), so another client's files, contracts and messages never show.
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contracts, contractSigners, sharedFiles } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { clientTakesPart, clientUnreadMessages } from "./conversations";
import { listViewerRequests, type PortalRequestRow } from "./portal-requests";
import { sharedFileVisibleTo } from "./shared-file-access";

type Viewer = { workspaceId: string; contactId: string };

export type NavCounts = { unread: number; toSign: number };

/** The nav's badges: unread messages and contracts waiting for this client's signature. */
export async function portalNavCounts(db: DbOrTx, p: Viewer): Promise<NavCounts> {
  const [row] = rowsOf<NavCounts>(
    await db.execute(sql`
      select
        (select count(*)::int from (${clientUnreadMessages(p)}) u) as "unread",
        (select count(*)::int from contract_signers s join contracts k on k.id = s.contract_id and k.workspace_id = s.workspace_id
          where s.workspace_id = ${p.workspaceId} and s.contact_id = ${p.contactId} and s.status = 'pending' and k.status = 'sent') as "toSign"`),
  );
  return { unread: Number(row?.unread ?? 0), toSign: Number(row?.toSign ?? 0) };
}

export type UnreadSummary = { count: number; conversations: number; latest: { conversationId: string; preview: string | null; at: Date | null } | null };

/** Unread messages with the count and the newest unread conversation's preview. */
export async function homeUnread(db: DbOrTx, p: Viewer): Promise<UnreadSummary> {
  const rows = rowsOf<{ id: string; unread: number; preview: string | null; at: Date | string | null }>(
    await db.execute(sql`
      select u.conversation_id as id, count(*)::int as unread, min(u.preview) as preview, min(u.last_message_at) as at
      from (${clientUnreadMessages(p)}) u
      group by u.conversation_id
      order by min(u.last_message_at) desc nulls last, u.conversation_id desc
      limit 50`),
  );
  if (rows.length === 0) return { count: 0, conversations: 0, latest: null };
  const first = rows[0];
  return {
    count: rows.reduce((n, r) => n + Number(r.unread), 0),
    conversations: rows.length,
    latest: { conversationId: first.id, preview: first.preview, at: first.at ? new Date(first.at) : null },
  };
}

export type HomeContract = { id: string; title: string; kind: "contract" | "proposal"; sentAt: Date | null };

/** Contracts and proposals waiting for this client's signature (their turn now), oldest first: longest waiting on top. */
export async function homeContractsToSign(db: DbOrTx, p: Viewer, limit = 10): Promise<HomeContract[]> {
  return db
    .select({ id: contracts.id, title: contracts.title, kind: contracts.kind, sentAt: contracts.sentAt })
    .from(contractSigners)
    .innerJoin(contracts, and(eq(contracts.id, contractSigners.contractId), eq(contracts.workspaceId, contractSigners.workspaceId)))
    .where(and(eq(contractSigners.workspaceId, p.workspaceId), eq(contractSigners.contactId, p.contactId), eq(contractSigners.status, "pending"), eq(contracts.status, "sent")))
    .orderBy(sql`${contracts.sentAt} asc nulls last`, contracts.id)
    .limit(limit);
}

export type HomeFile = { id: string; name: string; contentType: string; size: number; createdAt: Date; mine: boolean };

/** The newest files the client can see (shared with them, or their own uploads). */
export async function homeRecentFiles(db: DbOrTx, p: Viewer, limit = 5): Promise<HomeFile[]> {
  const rows = await db
    .select({
      id: sharedFiles.id,
      name: sharedFiles.name,
      contentType: sharedFiles.contentType,
      size: sharedFiles.size,
      createdAt: sharedFiles.createdAt,
      uploadedBy: sharedFiles.uploadedByContactId,
    })
    .from(sharedFiles)
    .where(sharedFileVisibleTo(p))
    .orderBy(desc(sharedFiles.createdAt), desc(sharedFiles.id))
    .limit(limit);
  return rows.map(({ uploadedBy, ...r }) => ({ ...r, mine: uploadedBy === p.contactId }));
}

export type HomeActivity = {
  kind: "message" | "contract_sent" | "contract_completed" | "contract_declined" | "request_submitted";
  id: string;
  label: string;
  at: Date;
  /** Who: the message's author (team name or another applicant), when it matters. */
  who: string | null;
  /** The viewer wrote it (their own last message: "You wrote", not "New message from <their name>"). */
  mine: boolean;
};

/** Recent things that happened in the client's hub (messages, contracts, their submitted requests), newest first. */
export async function homeActivity(db: DbOrTx, p: Viewer, limit = 8): Promise<HomeActivity[]> {
  const rows = rowsOf<{ kind: HomeActivity["kind"]; id: string; label: string | null; at: Date | string; who: string | null; mine: boolean | null }>(
    await db.execute(sql`
      (select 'message' as kind, conversations.id::text as id, conversations.last_message_preview as label, conversations.last_message_at as at,
              (select m.author_name from conversation_messages m where m.conversation_id = conversations.id and m.seq = conversations.last_seq) as who,
              coalesce((select m.author_contact_id = ${p.contactId} from conversation_messages m where m.conversation_id = conversations.id and m.seq = conversations.last_seq), false) as mine
        from conversations
        where ${clientTakesPart(p)} and conversations.last_message_at is not null
        order by conversations.last_message_at desc limit ${limit})
      union all
      (select case k.status when 'completed' then 'contract_completed' when 'declined' then 'contract_declined' else 'contract_sent' end,
              k.id::text, k.title, coalesce(k.completed_at, k.declined_at, k.sent_at), null, false
        from contract_signers s join contracts k on k.id = s.contract_id and k.workspace_id = s.workspace_id
        where s.workspace_id = ${p.workspaceId} and s.contact_id = ${p.contactId} and k.status in ('sent', 'completed', 'declined')
          and s.status <> 'waiting' and coalesce(k.completed_at, k.declined_at, k.sent_at) is not null
        order by coalesce(k.completed_at, k.declined_at, k.sent_at) desc limit ${limit})
      union all
      (select 'request_submitted', q.id::text, q.title, rr.submitted_at, null, false
        from request_responses rr join requests q on q.id = rr.request_id and q.workspace_id = ${p.workspaceId}
        where rr.contact_id = ${p.contactId} and rr.submitted_at is not null
        order by rr.submitted_at desc limit ${limit})
      order by at desc
      limit ${limit}`),
  );
  return rows.map((r) => ({ kind: r.kind, id: r.id, label: r.label ?? "", at: new Date(r.at), who: r.mine ? null : r.who, mine: r.mine === true }));
}

/** A request waiting for the client: open and not yet submitted, or submitted with a document sent back to them. */
export function requestNeedsClient(r: PortalRequestRow): boolean {
  return r.status === "open" && (!r.submittedAt || r.progress.needsAttention > 0);
}

/** Overdue first (most overdue on top), then by due date, then those without one (newest first, as listed). */
export function attentionOrder(now: Date) {
  const rank = (r: PortalRequestRow) => (r.dueAt ? (r.dueAt.getTime() <= now.getTime() ? 0 : 1) : 2);
  return (a: PortalRequestRow, b: PortalRequestRow) => rank(a) - rank(b) || (a.dueAt && b.dueAt ? a.dueAt.getTime() - b.dueAt.getTime() : 0);
}

/**
 * The home's requests, from the requests list (listViewerRequests, one page): those waiting for the client in
 * attention order, and the rest (submitted, closed) as listed; `older` pages on through the rest.
 */
export async function homeRequests(db: DbOrTx, p: Viewer & { cursor?: string | null; now: Date }) {
  const list = await listViewerRequests(db, { workspaceId: p.workspaceId, contactId: p.contactId, cursor: p.cursor, limit: 50 });
  return {
    attention: list.rows.filter(requestNeedsClient).sort(attentionOrder(p.now)),
    others: list.rows.filter((r) => !requestNeedsClient(r)),
    older: list.older,
  };
}
