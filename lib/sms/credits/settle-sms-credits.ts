import "server-only";
import type { DbOrTx } from "@/lib/db";
import { smsCreditLedger } from "@/lib/db/schema";
import { lockBalance, messageLedger, moveBalance } from "./balance";
import type { CreditMove } from "./refund-sms-credits";

/**
 * Settles a delivered message at what MSG91's delivery report says it cost (`credit`): one `settle` row with
 * delta = reserved − actual (positive gives back what was over-reserved, negative charges the difference), once per
 * message and never after a refund. A charge is capped at the balance, so the balance never goes below zero; what
 * could not be charged is said in the row's note.
 */
export async function settleSmsCredits(tx: DbOrTx, p: { workspaceId: string; messageId: string; credits: number }): Promise<CreditMove> {
  const before = await lockBalance(tx, p.workspaceId);
  const ledger = await messageLedger(tx, p.workspaceId, p.messageId);
  if (ledger.reserve === undefined || ledger.settle !== undefined || ledger.refund !== undefined) return { applied: false, delta: 0, balance: before };
  const reserved = -ledger.reserve;
  const actual = Math.max(0, Math.ceil(p.credits));
  let delta = reserved - actual;
  let note: string | null = null;
  if (delta < -before) {
    note = `MSG91 charged ${actual} credits for ${reserved} reserved; ${-delta - before} could not be taken from a balance of ${before}.`;
    delta = -before;
  }
  const balance = delta === 0 ? before : await moveBalance(tx, p.workspaceId, delta);
  await tx.insert(smsCreditLedger).values({ workspaceId: p.workspaceId, delta, reason: "settle", messageId: p.messageId, note, balanceAfter: balance });
  return { applied: true, delta, balance };
}
