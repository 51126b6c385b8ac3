import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { smsCreditLedger } from "@/lib/db/schema";
import { rowsOf } from "@/lib/jobs/rows";

/**
 * Locks the workspace's balance row (creating it at 0) and returns the balance: settlements, refunds and top-ups of
 * one workspace run one after another from here, so "already settled?" and the ledger's balance_after are exact.
 */
export async function lockBalance(tx: DbOrTx, workspaceId: string): Promise<number> {
  await tx.execute(sql`insert into sms_credit_balances (workspace_id) values (${workspaceId}) on conflict (workspace_id) do nothing`);
  const [row] = rowsOf<{ balance: number }>(await tx.execute(sql`select balance from sms_credit_balances where workspace_id = ${workspaceId} for update`));
  return Number(row.balance);
}

/** Moves the (locked) balance by `delta` and returns the new balance; the CHECK keeps it ≥ 0 whatever a caller does. */
export async function moveBalance(tx: DbOrTx, workspaceId: string, delta: number): Promise<number> {
  const [row] = rowsOf<{ balance: number }>(
    await tx.execute(sql`update sms_credit_balances set balance = balance + ${delta}, updated_at = now() where workspace_id = ${workspaceId} returning balance`),
  );
  return Number(row.balance);
}

/** The ledger rows a message already has, by reason (reserve, settle, refund). */
export async function messageLedger(tx: DbOrTx, workspaceId: string, messageId: string) {
  const rows = await tx
    .select({ reason: smsCreditLedger.reason, delta: smsCreditLedger.delta })
    .from(smsCreditLedger)
    .where(and(eq(smsCreditLedger.workspaceId, workspaceId), eq(smsCreditLedger.messageId, messageId), inArray(smsCreditLedger.reason, ["reserve", "settle", "refund"])));
  return Object.fromEntries(rows.map((r) => [r.reason, r.delta])) as Partial<Record<"reserve" | "settle" | "refund", number>>;
}
