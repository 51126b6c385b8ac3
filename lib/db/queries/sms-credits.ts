import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { smsCreditBalances, smsCreditLedger, workspaces } from "@/lib/db/schema";
import { createdAtText as timeText, encodeTimeCursor, type TimeCursor } from "./time-cursor";

export { decodeTimeCursor as decodeLedgerCursor, type TimeCursor as LedgerCursor } from "./time-cursor";

/** Defaults of `workspaces.sms_settings` for what the credits screen shows (the SMS part's reserve uses the same cap). */
const DEFAULT_DAILY_CAP = 500;
const DEFAULT_LOW_BALANCE = 50;

/**
 * The workspace's SMS credit balance, today's count against the daily cap (the UTC day, as reservations count it) and
 * whether the balance is under the low-balance mark. A workspace that never had credits reads as 0.
 */
export async function getSmsCreditSummary(db: DbOrTx, p: { workspaceId: string; now?: Date }) {
  const day = (p.now ?? new Date()).toISOString().slice(0, 10);
  const [row] = await db
    .select({
      sms: workspaces.smsSettings,
      balance: smsCreditBalances.balance,
      sentToday: sql<number>`case when ${smsCreditBalances.sentDay} = ${day}::date then ${smsCreditBalances.sentToday} else 0 end`,
    })
    .from(workspaces)
    .leftJoin(smsCreditBalances, eq(smsCreditBalances.workspaceId, workspaces.id))
    .where(eq(workspaces.id, p.workspaceId));
  const balance = Number(row?.balance ?? 0);
  const lowBalance = row?.sms.lowBalance ?? DEFAULT_LOW_BALANCE;
  return {
    balance,
    sentToday: Number(row?.sentToday ?? 0),
    dailyCap: row?.sms.dailyCap ?? DEFAULT_DAILY_CAP,
    lowBalance,
    low: balance < lowBalance,
  };
}

export type SmsCreditSummary = Awaited<ReturnType<typeof getSmsCreditSummary>>;

const createdAtText = timeText(smsCreditLedger.createdAt);

/** One page of the credit ledger, newest first, keyset on (created_at, id) over the ledger's workspace index. */
export async function listSmsCreditLedger(db: DbOrTx, p: { workspaceId: string; after?: TimeCursor | null; limit?: number }) {
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? 25), 1), 200);
  const rows = await db
    .select({
      id: smsCreditLedger.id,
      createdAt: smsCreditLedger.createdAt,
      createdAtText,
      delta: smsCreditLedger.delta,
      reason: smsCreditLedger.reason,
      messageId: smsCreditLedger.messageId,
      note: smsCreditLedger.note,
      actorEmail: smsCreditLedger.actorEmail,
      balanceAfter: smsCreditLedger.balanceAfter,
    })
    .from(smsCreditLedger)
    .where(
      and(
        eq(smsCreditLedger.workspaceId, p.workspaceId),
        p.after ? sql`(${smsCreditLedger.createdAt}, ${smsCreditLedger.id}) < (${p.after.createdAt}::timestamptz, ${p.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(sql`${smsCreditLedger.createdAt} desc`, sql`${smsCreditLedger.id} desc`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeTimeCursor({ createdAt: last.createdAtText, id: last.id }) : null;
  return { entries: page.map(({ createdAtText: _, ...r }) => r), nextCursor };
}

export type SmsLedgerEntry = Awaited<ReturnType<typeof listSmsCreditLedger>>["entries"][number];
