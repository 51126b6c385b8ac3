import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { smsCreditLedger } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { lockActor } from "@/lib/members/guards";
import type { DbOrTx } from "@/lib/db";
import type { OpsCtx } from "@/lib/ops-context";
import { lockBalance, moveBalance } from "./balance";

const MAX_TOP_UP = 1_000_000;
/** The balance column is a Postgres integer; a top-up that would pass this is refused, not wrapped. */
const MAX_BALANCE = 2_147_483_647;

export const topUpSmsCreditsSchema = z.object({
  // Digits as people type them ("1000", " 1,000 "), or a number from the API; never "1e3" or "0x10".
  credits: z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d{1,3}(,?\d{3})*\s*$/.test(v) ? Number(v.replace(/[\s,]/g, "")) : v),
    z
      .number({ message: "Enter a whole number of credits between 1 and 1,000,000." })
      .int("Enter a whole number of credits between 1 and 1,000,000.")
      .min(1, "Enter a whole number of credits between 1 and 1,000,000.")
      .max(MAX_TOP_UP, "Enter a whole number of credits between 1 and 1,000,000."),
  ),
  note: z
    .string({ message: "Say where the credits come from, e.g. the MSG91 invoice number." })
    .trim()
    .min(1, "Say where the credits come from, e.g. the MSG91 invoice number.")
    .max(200, "Keep the note under 200 characters."),
});
export type TopUpSmsCreditsInput = z.input<typeof topUpSmsCreditsSchema>;

/**
 * Adds credits to the workspace's SMS balance: owners only (the role is re-read and locked in the transaction, so an
 * owner demoted meanwhile cannot), with a note saying where they came from; a `top_up` ledger row and an audit event
 * commit with the new balance.
 */
export async function topUpSmsCredits(ctx: OpsCtx, raw: TopUpSmsCreditsInput): Promise<{ balance: number; credits: number }> {
  const parsed = topUpSmsCreditsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw issue.path[0] === "note" ? new AppError("VALIDATION_FAILED", "note", issue.message) : new AppError("CREDITS_INVALID", "credits");
  }
  const input = parsed.data;
  return ctx.db.transaction(async (tx) => {
    const role = await lockActor(tx, ctx);
    if (role !== "owner") throw new AppError("FORBIDDEN", undefined, "Only an owner can add SMS credits. Ask an owner of this workspace.");
    const balance = await addSmsCredits(tx, { workspaceId: ctx.workspace.id, credits: input.credits, note: input.note, actorEmail: ctx.user.email });
    await audit(tx, ctx, {
      action: "sms_credits.top_up",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      summary: `Added ${input.credits.toLocaleString("en-US")} SMS credits (balance ${balance.toLocaleString("en-US")}): ${input.note}`,
      data: { credits: input.credits, note: input.note, balance },
    });
    return { balance, credits: input.credits };
  });
}

/**
 * The top-up itself, without the owner check or the audit event: for code that grants credits on the platform's
 * behalf (the demo seed), in the caller's transaction. Returns the new balance.
 */
export async function addSmsCredits(tx: DbOrTx, p: { workspaceId: string; credits: number; note: string; actorEmail?: string | null }): Promise<number> {
  if (!Number.isInteger(p.credits) || p.credits < 1 || p.credits > MAX_TOP_UP) throw new AppError("CREDITS_INVALID", "credits");
  const before = await lockBalance(tx, p.workspaceId);
  if (before + p.credits > MAX_BALANCE) throw new AppError("CREDITS_INVALID", "credits", `The balance would pass ${MAX_BALANCE.toLocaleString("en-US")} credits. Add fewer.`);
  const balance = await moveBalance(tx, p.workspaceId, p.credits);
  await tx.insert(smsCreditLedger).values({ workspaceId: p.workspaceId, delta: p.credits, reason: "top_up", note: p.note, actorEmail: p.actorEmail ?? null, balanceAfter: balance });
  return balance;
}
