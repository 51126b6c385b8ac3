import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { smsCreditLedger } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";

/**
 * Locks the workspace's balance row (creating it at 0) and returns the balance: settlements, refunds and top-ups of
 * one workspace run one after another from here, so "already settled?" and the ledger's balance_after are exact.
 */
export async function lockBalance(tx: DbOrTx, workspaceId: string): Promise<number> {
  await tx.execute(sql`insert into sms_credit_balances (workspace_id) values (${workspaceId}) on conflict (workspace_id) do nothing`);
  const [row] = rowsOf<{ balance: number }>(await tx.execute(sql`select balance from sms_credit_balances where workspace_id = ${workspaceId} for update`));
  return Number(row.balance);
}

/**
 * Locks several workspaces' balance rows at once, in workspace-id order: a transaction that will move credits of
 * several workspaces (a delivery request or a webhook call spanning tenants) takes them all here first, so two such
 * transactions cannot each hold one row and wait for the other's. Later lockBalance calls on them return at once.
 */
export async function lockBalances(tx: DbOrTx, workspaceIds: (string | null | undefined)[]) {
  const ids = [...new Set(workspaceIds.filter((w): w is string => !!w))].sort();
  if (ids.length === 0) return;
  const list = JSON.stringify(ids);
  await tx.execute(sql`
    insert into sms_credit_balances (workspace_id)
    select w::uuid from json_array_elements_text(${list}::json) as w order by 1
    on conflict (workspace_id) do nothing`);
  await tx.execute(sql`
    select workspace_id from sms_credit_balances
    where workspace_id in (select w::uuid from json_array_elements_text(${list}::json) as w)
    order by workspace_id for update`);
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
