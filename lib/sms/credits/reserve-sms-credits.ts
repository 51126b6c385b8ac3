import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { smsCreditLedger, workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export const DEFAULT_DAILY_CAP = 500;

function rowsOf<T>(res: unknown): T[] {
  return ((res as { rows?: T[] }).rows ?? (res as T[])) as T[];
}

/**
 * Reserves credits for messages just written to the outbox, all or nothing, in the caller's transaction: one
 * conditional UPDATE of the workspace's balance row (`balance >= total`, and today's count + n within the daily cap),
 * so parallel sends queue on the row and none can take the balance below zero or the day past its cap. Writes one
 * `reserve` ledger row per message. Throws SMS_CREDITS_LOW or SMS_DAILY_CAP (the transaction then rolls back, so the
 * messages are not queued either).
 */
export async function reserveSmsCredits(
  tx: Tx,
  p: { workspaceId: string; messages: { id: string; credits: number }[]; now?: Date },
): Promise<{ balance: number }> {
  const n = p.messages.length;
  if (n === 0) return { balance: 0 };
  const total = p.messages.reduce((s, m) => s + m.credits, 0);
  const day = (p.now ?? new Date()).toISOString().slice(0, 10); // the cap's day is the UTC day
  const [ws] = await tx.select({ sms: workspaces.smsSettings }).from(workspaces).where(eq(workspaces.id, p.workspaceId));
  const cap = ws?.sms.dailyCap ?? DEFAULT_DAILY_CAP;

  await tx.execute(sql`insert into sms_credit_balances (workspace_id) values (${p.workspaceId}) on conflict (workspace_id) do nothing`);
  const [taken] = rowsOf<{ balance: number }>(
    await tx.execute(sql`
      update sms_credit_balances set
        balance = balance - ${total},
        sent_today = (case when sent_day = ${day}::date then sent_today else 0 end) + ${n},
        sent_day = ${day}::date,
        updated_at = now()
      where workspace_id = ${p.workspaceId}
        and balance >= ${total}
        and (case when sent_day = ${day}::date then sent_today else 0 end) + ${n} <= ${cap}
      returning balance`),
  );
  if (!taken) {
    const [row] = rowsOf<{ balance: number; today: number }>(
      await tx.execute(
        sql`select balance, case when sent_day = ${day}::date then sent_today else 0 end as today from sms_credit_balances where workspace_id = ${p.workspaceId}`,
      ),
    );
    if (row && row.today + n > cap) {
      throw new AppError("SMS_DAILY_CAP", undefined, `This workspace may send ${cap} SMS a day and has sent ${row.today} today, so ${n} more would pass the cap. Try again tomorrow, or raise the cap in Settings → SMS.`);
    }
    throw new AppError(
      "SMS_CREDITS_LOW",
      undefined,
      `${n === 1 ? "This message needs" : `These ${n} messages need`} ${total} SMS credit${total === 1 ? "" : "s"}, and the balance is ${row?.balance ?? 0}. An owner can add credits in Settings → SMS.`,
    );
  }
  // Ledger rows carry the running balance after each reservation, oldest first, ending at the row's new balance.
  let after = taken.balance + total;
  const rows = p.messages.map((m) => {
    after -= m.credits;
    return { workspaceId: p.workspaceId, delta: -m.credits, reason: "reserve", messageId: m.id, balanceAfter: after };
  });
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(smsCreditLedger).values(rows.slice(i, i + 1000));
  return { balance: taken.balance };
}
