import "server-only";
// A participant's read mark: set to what they were shown, never past the conversation's last message, and only ever
// forward (greatest), so a stale tab or a replayed request cannot make read messages unread again.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";

export type Reader = { contactId: string } | { userId: string };

/** Marks the conversation read up to `seq` for a client or a team member; returns the mark now stored (0 if no such conversation). */
export async function markRead(db: DbOrTx, p: { workspaceId: string; conversationId: string; who: Reader; seq: number }): Promise<number> {
  if (!Number.isSafeInteger(p.seq) || p.seq < 0) return 0;
  const contactId = "contactId" in p.who ? p.who.contactId : null;
  const userId = "userId" in p.who ? p.who.userId : null;
  const target = contactId
    ? sql`(conversation_id, contact_id) where contact_id is not null`
    : sql`(conversation_id, user_id) where user_id is not null`;
  const res = await db.execute(sql`
    insert into conversation_reads (workspace_id, conversation_id, contact_id, user_id, last_read_seq)
    select workspace_id, id, ${contactId}::uuid, ${userId}, least(${p.seq}::int, last_seq)
    from conversations where id = ${p.conversationId} and workspace_id = ${p.workspaceId}
    on conflict ${target} do update set
      last_read_seq = greatest(conversation_reads.last_read_seq, excluded.last_read_seq),
      updated_at = case when excluded.last_read_seq > conversation_reads.last_read_seq then now() else conversation_reads.updated_at end
    returning last_read_seq`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { last_read_seq: number }[];
  return rows[0]?.last_read_seq ?? 0;
}

/** `{ "seq": n }` (a whole number up to a billion), or null. */
export async function readSeq(request: Request): Promise<number | null> {
  if (Number(request.headers.get("content-length") ?? 0) > 200) return null;
  try {
    const text = await request.text();
    if (text.length > 200) return null;
    const body = JSON.parse(text) as { seq?: unknown };
    return typeof body?.seq === "number" && Number.isSafeInteger(body.seq) && body.seq >= 0 && body.seq <= 1e9 ? body.seq : null;
  } catch {
    return null;
  }
}
