import "server-only";
import { and, asc, desc, eq, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { bindableText } from "@/lib/db/bindable";
import { escapeLike } from "./contacts";
import { createdAtText as timeText, encodeTimeCursor, isUuid, type TimeCursor } from "./time-cursor";
import { messageEvents, messages } from "@/lib/db/schema";

export const MESSAGE_STATUSES = ["queued", "sending", "sent", "delivered", "failed", "bounced", "complained"] as const;
export const MESSAGE_CHANNELS = ["email", "sms"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export { encodeTimeCursor as encodeMessageCursor, decodeTimeCursor as decodeMessageCursor, type TimeCursor as MessageCursor } from "./time-cursor";

const createdAtText = timeText(messages.createdAt);
/** An SMS row's `meta.sms` less its sealed variables (null for email). */
const smsMeta = sql<Record<string, unknown> | null>`(${messages.meta}->'sms') - 'vars'`;

/**
 * One page of a workspace's messages, newest first. The keyset on (created_at, id) walks the
 * (workspace_id, created_at desc, id desc) index, so page 2,000 of 100,000 messages costs what page 1 does; the
 * filters are checked on the rows the index yields, and the bodies are not read. The subject comes back sealed, as
 * stored.
 */
export async function listMessages(
  db: DbOrTx,
  p: { workspaceId: string; status?: MessageStatus | null; channel?: MessageChannel | null; to?: string | null; after?: TimeCursor | null; limit?: number },
) {
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? 50), 1), 200);
  const to = p.to?.trim().toLowerCase();
  const rows = await db
    .select({
      id: messages.id,
      createdAt: messages.createdAt,
      createdAtText,
      channel: messages.channel,
      to: messages.to,
      subject: messages.subject,
      template: messages.template,
      status: messages.status,
      attempts: messages.attempts,
      lastError: messages.lastError,
      credits: messages.credits,
      // How an SMS goes out (DLT template, sender, segments), without its sealed variables.
      sms: smsMeta,
    })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, p.workspaceId),
        p.status ? eq(messages.status, p.status) : undefined,
        p.channel ? eq(messages.channel, p.channel) : undefined,
        to ? (!bindableText(to) ? sql`false` : sql`lower(${messages.to}) like ${`%${escapeLike(to)}%`}`) : undefined,
        p.after ? sql`(${messages.createdAt}, ${messages.id}) < (${p.after.createdAt}::timestamptz, ${p.after.id}::uuid)` : undefined,
      ),
    )
    // NULLS LAST as in the index's definition: plain DESC means NULLS FIRST, and the planner would sort instead.
    .orderBy(sql`${messages.createdAt} desc nulls last`, sql`${messages.id} desc nulls last`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeTimeCursor({ createdAt: last.createdAtText, id: last.id }) : null;
  return { messages: page.map(({ createdAtText: _, ...m }) => m), nextCursor };
}

export type MessageListRow = Awaited<ReturnType<typeof listMessages>>["messages"][number];

/**
 * One message of this workspace with its content, sealed as stored; another workspace's id (or a malformed one) is
 * null.
 */
export async function getMessage(db: DbOrTx, p: { workspaceId: string; id: string }) {
  if (!isUuid(p.id)) return null;
  const [row] = await db
    .select({
      id: messages.id,
      channel: messages.channel,
      to: messages.to,
      fromName: messages.fromName,
      fromAddress: messages.fromAddress,
      replyTo: messages.replyTo,
      subject: messages.subject,
      text: messages.text,
      html: messages.html,
      template: messages.template,
      status: messages.status,
      credits: messages.credits,
      sms: smsMeta,
      provider: messages.provider,
      providerId: messages.providerId,
      attempts: messages.attempts,
      lastError: messages.lastError,
      createdAt: messages.createdAt,
      sentAt: messages.sentAt,
      deliveredAt: messages.deliveredAt,
      updatedAt: messages.updatedAt,
    })
    .from(messages)
    .where(and(eq(messages.workspaceId, p.workspaceId), eq(messages.id, p.id)))
    .limit(1);
  return row ?? null;
}

/** What the provider reported about one message, oldest first (capped: a message has a handful). */
export async function listMessageEvents(db: DbOrTx, p: { workspaceId: string; messageId: string }) {
  if (!isUuid(p.messageId)) return [];
  return db
    .select({ id: messageEvents.id, type: messageEvents.type, detail: messageEvents.detail, occurredAt: messageEvents.occurredAt, provider: messageEvents.provider })
    .from(messageEvents)
    .where(and(eq(messageEvents.workspaceId, p.workspaceId), eq(messageEvents.messageId, p.messageId)))
    .orderBy(asc(messageEvents.occurredAt), asc(messageEvents.createdAt))
    .limit(200);
}

export type MessageEventRow = Awaited<ReturnType<typeof listMessageEvents>>[number];

/**
 * Every workspace's messages (and platform mail), newest first, keyset by (createdAt, id), optionally for one
 * recipient. Subjects and bodies come back sealed, as stored.
 */
export async function listRecentMessages(db: DbOrTx, p: { limit: number; to?: string; before?: { createdAt: Date; id: string } }) {
  return db
    .select({
      id: messages.id,
      channel: messages.channel,
      to: messages.to,
      subject: messages.subject,
      text: messages.text,
      html: messages.html,
      status: messages.status,
      template: messages.template,
      credits: messages.credits,
      sms: smsMeta,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(
      and(
        p.to ? (!bindableText(p.to) ? sql`false` : eq(sql`lower(${messages.to})`, p.to.toLowerCase())) : undefined,
        p.before
          ? or(lt(messages.createdAt, p.before.createdAt), and(eq(messages.createdAt, p.before.createdAt), lt(messages.id, p.before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(p.limit);
}
