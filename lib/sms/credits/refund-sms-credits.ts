import "server-only";
import type { DbOrTx } from "@/lib/db";
import { smsCreditLedger } from "@/lib/db/schema";
import { lockBalance, messageLedger, moveBalance } from "./balance";

export type CreditMove = { applied: boolean; delta: number; balance: number | null };

/**
 * Gives back a message's reservation: the message failed for good (the deliverer gave up, MSG91 refused it, or a
 * delivery report said failed / NDNC / rejected / blocked). In the caller's transaction, at most once per message,
 * and never after a settlement (a message is either charged what it cost or refunded, not both). A message that
 * reserved nothing (email, or queued before credits existed) is left alone.
 */
export async function refundSmsCredits(tx: DbOrTx, p: { workspaceId: string; messageId: string }): Promise<CreditMove> {
  const before = await lockBalance(tx, p.workspaceId);
  const ledger = await messageLedger(tx, p.workspaceId, p.messageId);
  const reserved = -(ledger.reserve ?? 0);
  if (reserved <= 0 || ledger.refund !== undefined || ledger.settle !== undefined) return { applied: false, delta: 0, balance: before };
  const balance = await moveBalance(tx, p.workspaceId, reserved);
  await tx.insert(smsCreditLedger).values({ workspaceId: p.workspaceId, delta: reserved, reason: "refund", messageId: p.messageId, balanceAfter: balance });
  return { applied: true, delta: reserved, balance };
}
