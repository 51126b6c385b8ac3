import "server-only";
// Posting a message: its seq is taken under the conversation row's lock (one UPDATE … RETURNING, which also moves
// the side's last seq, the time and the preview), so concurrent posts get a total, gapless order; the message, its
// attachments and the notice of it commit together. A client's right to post is part of that same UPDATE, so an
// applicant removed a moment ago cannot slip a message in.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { conversationAttachments, conversationMessages, memberships, portalUsers, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getStorage, type StoredObject } from "@/lib/files/storage";
import { queueHubNotice } from "@/lib/hub-notices/queue-hub-notice";
import { findUnstorable } from "@/lib/validation/storable-text";
import { MAX_MESSAGE_CHARS, MAX_MESSAGE_FILES, normaliseBody, previewOf } from "./message-input";

export type MessageAuthor = { kind: "team"; userId: string; name: string } | { kind: "client"; contactId: string; name: string };
export type StoredAttachment = { stored: StoredObject; name: string };

/** The text of a message as it will be stored, or the refusal: wrong type, unstorable characters, too long, empty. */
export function checkMessageBody(raw: unknown, files: number): string {
  if (raw !== undefined && raw !== null && typeof raw !== "string") throw new AppError("REQUEST_MALFORMED");
  const text = typeof raw === "string" ? raw : "";
  if (findUnstorable(text)) throw new AppError("TEXT_UNSTORABLE", "body");
  const body = normaliseBody(text);
  if (body.length > MAX_MESSAGE_CHARS) throw new AppError("MESSAGE_TOO_LONG", "body");
  if (files > MAX_MESSAGE_FILES) throw new AppError("MESSAGE_TOO_MANY_FILES", "files");
  if (!body && files === 0) throw new AppError("MESSAGE_EMPTY", "body");
  return body;
}

export type PostedMessage = { id: string; seq: number; createdAt: Date };

/**
 * Posts a message (the caller checked the author may see the conversation; a client's right is checked again here).
 * On any refusal the stored attachment objects are deleted, so nothing of a refused message stays.
 */
export async function postMessage(
  db: Db,
  p: { workspaceId: string; conversationId: string; author: MessageAuthor; body: unknown; attachments?: StoredAttachment[] },
): Promise<PostedMessage> {
  const attachments = p.attachments ?? [];
  try {
    const body = checkMessageBody(p.body, attachments.length);
    return await db.transaction(async (tx) => {
      const fromClient = p.author.kind === "client";
      const preview = previewOf(body, attachments.map((a) => a.name));
      const may =
        p.author.kind === "client"
          ? sql`and (contact_id = ${p.author.contactId} or (opportunity_id is not null and exists (
              select 1 from opportunity_applicants a
              where a.workspace_id = ${p.workspaceId} and a.opportunity_id = conversations.opportunity_id and a.contact_id = ${p.author.contactId})))`
          : sql``;
      const res = await tx.execute(sql`
        update conversations set
          last_seq = last_seq + 1,
          last_client_seq = case when ${fromClient} then last_seq + 1 else last_client_seq end,
          last_team_seq = case when ${fromClient} then last_team_seq else last_seq + 1 end,
          last_message_at = now(),
          last_message_preview = ${preview},
          updated_at = clock_timestamp()
        where id = ${p.conversationId} and workspace_id = ${p.workspaceId} ${may}
        returning last_seq, contact_id, opportunity_id, assigned_user_id`);
      const [conv] = rowsOf<{ last_seq: number; contact_id: string | null; opportunity_id: string | null; assigned_user_id: string | null }>(res);
      if (!conv) throw new AppError("NOT_FOUND");
      const [msg] = await tx
        .insert(conversationMessages)
        .values({
          workspaceId: p.workspaceId,
          conversationId: p.conversationId,
          seq: conv.last_seq,
          authorUserId: p.author.kind === "team" ? p.author.userId : null,
          authorContactId: p.author.kind === "client" ? p.author.contactId : null,
          authorName: p.author.name.slice(0, 200) || (fromClient ? "Client" : "Team"),
          fromClient,
          body,
        })
        .returning({ id: conversationMessages.id, seq: conversationMessages.seq, createdAt: conversationMessages.createdAt });
      if (attachments.length > 0) {
        await tx.insert(conversationAttachments).values(
          attachments.map((a) => ({
            workspaceId: p.workspaceId,
            conversationId: p.conversationId,
            messageId: msg.id,
            name: a.name,
            contentType: a.stored.contentType,
            size: a.stored.size,
            sha256: a.stored.sha256,
            storageKey: a.stored.key,
          })),
        );
      }
      await queueMessageNotices(tx, { workspaceId: p.workspaceId, conversationId: p.conversationId, conv, author: p.author });
      return msg;
    });
  } catch (e) {
    await deleteStored(attachments.map((a) => a.stored));
    throw e;
  }
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * One "messages" notice per recipient, batched by queueHubNotice (20 messages before it is due make one email): a team
 * message goes to the conversation's clients who have portal access (the contact, or every applicant but the
 * author), a client message to the assigned member if they are still an owner or admin here, else to every owner and
 * admin. The item is the conversation (same id and label each time), so the notice names it once and counts messages.
 */
async function queueMessageNotices(
  tx: Tx,
  p: { workspaceId: string; conversationId: string; conv: { contact_id: string | null; opportunity_id: string | null; assigned_user_id: string | null }; author: MessageAuthor },
) {
  const item = { id: p.conversationId, label: await noticeLabel(tx, p.workspaceId, p.conv, p.author.kind === "team" ? "client" : "team") };
  if (p.author.kind === "team") {
    const clients = p.conv.contact_id
      ? [p.conv.contact_id]
      : rowsOf<{ contact_id: string }>(
          await tx.execute(sql`select contact_id from opportunity_applicants where workspace_id = ${p.workspaceId} and opportunity_id = ${p.conv.opportunity_id}`),
        ).map((r) => r.contact_id);
    if (clients.length === 0) return;
    const reachable = await tx
      .select({ contactId: portalUsers.contactId })
      .from(portalUsers)
      .where(and(eq(portalUsers.workspaceId, p.workspaceId), inArray(portalUsers.contactId, clients), sql`${portalUsers.status} <> 'revoked'`));
    for (const c of [...new Set(reachable.map((r) => r.contactId))].sort()) {
      await queueHubNotice(tx, { workspaceId: p.workspaceId, to: { contactId: c }, kind: "messages", item });
    }
    return;
  }
  const team = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, p.workspaceId), inArray(memberships.role, ["owner", "admin"])));
  const assigned = p.conv.assigned_user_id && team.some((m) => m.userId === p.conv.assigned_user_id) ? [p.conv.assigned_user_id] : null;
  for (const userId of assigned ?? [...new Set(team.map((m) => m.userId))].sort()) {
    await queueHubNotice(tx, { workspaceId: p.workspaceId, to: { userId }, kind: "messages", item });
  }
}

/** What the notice calls the conversation: for a client, the opportunity or "Messages"; for the team, the client or the opportunity. */
async function noticeLabel(tx: Tx, workspaceId: string, conv: { contact_id: string | null; opportunity_id: string | null }, to: "client" | "team"): Promise<string> {
  if (conv.opportunity_id) {
    const [o] = rowsOf<{ name: string }>(await tx.execute(sql`select name from opportunities where id = ${conv.opportunity_id} and workspace_id = ${workspaceId}`));
    return o?.name ?? "Opportunity";
  }
  if (to === "client") return "Messages";
  const [c] = rowsOf<{ first_name: string; last_name: string; email: string | null; phone: string | null }>(
    await tx.execute(sql`select first_name, last_name, email, phone from contacts where id = ${conv.contact_id} and workspace_id = ${workspaceId}`),
  );
  return c ? `${c.first_name} ${c.last_name}`.trim() || c.email || c.phone || "Client" : "Client";
}

/** The name a team member's messages carry: their name, else their address's local part. */
export async function teamAuthorName(db: Db, userId: string): Promise<string> {
  const [u] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
  return u?.name?.trim() || u?.email?.split("@")[0] || "Team";
}

/** Deletes objects a refused message had stored (logged, never thrown: the refusal is what the caller reports). */
export async function deleteStored(objects: StoredObject[]): Promise<void> {
  await Promise.all(
    objects.map((o) => getStorage().delete(o.key).catch((err) => console.error("Could not delete an unposted attachment", o.key, err))),
  );
}

function rowsOf<T>(r: unknown): T[] {
  return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
}
