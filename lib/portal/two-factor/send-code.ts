import "server-only";
// "Text and email me a code" / "Email me the code only": one code, to both channels at once (or email only), for the
// pending sign-in this browser holds. A resend replaces the code (the previous one dies) after a growing wait.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { otpChallenges, pendingSignIns } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/errors";
import { now as clockNow } from "@/lib/clock";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { ipLimitKey } from "@/lib/request-ip";
import { issueCode, type CodeChannel } from "../codes";
import { notifyPortalUsers } from "../notify-portal-user";
import { portalUrl } from "../portal-url";
import type { BrowserHold } from "./cookie";
import { cooldownLeftSec, loadPending, MAX_SENDS } from "./pending";
import { smsRouteFor, twoFactorRecipient } from "./recipient";

export type SendChoice = "both" | "email";
export type SendOutcome = { channels: CodeChannel[]; smsProblem: string | null };

export async function sendTwoFactorCode(
  db: Db,
  p: { workspace: { id: string; slug: string }; host: string; hold: BrowserHold | null; choice: SendChoice; ip: string | null; now?: Date },
): Promise<SendOutcome> {
  const w = p.workspace.id;
  const now = p.now ?? clockNow();
  const byIp = await consumeLimit(db, LIMITS.portalSendPerIp, `${w}:${ipLimitKey(p.ip)}`);
  if (!byIp.ok) throw new AppError("RATE_LIMITED");

  // Everything that reads or spends a shared counter happens before the transaction (the limiter has its own
  // statements); the transaction then re-checks the row under a lock.
  const seen = await loadPending(db, { workspaceId: w, host: p.host, hold: p.hold, now });
  if (!seen) throw new AppError("TWO_FACTOR_PENDING_EXPIRED");
  if (seen.sends >= MAX_SENDS) throw new AppError("CODE_SEND_LIMIT");
  if (cooldownLeftSec(seen, now) > 0) throw new AppError("TWO_FACTOR_COOLDOWN");
  const to = await twoFactorRecipient(db, { workspaceId: w, portalUserId: seen.portalUserId });
  if (!to || to.status === "revoked") throw new AppError("ACCESS_REVOKED");

  let smsProblem: string | null = null;
  let sms = false;
  if (p.choice === "both") {
    const route = await smsRouteFor(db, { workspaceId: w, phone: to.phone });
    if (!route.ok) smsProblem = route.reason;
    else {
      // DESIGN §5: at most 5 sign-in SMS a number an hour and 10 a day, whoever asks; past them the email still goes.
      const key = `${w}:${to.phone}`;
      const hour = await consumeLimit(db, LIMITS.smsSendPerNumberHour, key);
      const day = hour.ok ? await consumeLimit(db, LIMITS.smsSendPerNumberDay, key) : hour;
      if (hour.ok && day.ok) sms = true;
      else smsProblem = "This number has had several text messages already, so this code goes by email only.";
    }
  }
  if (!to.email && !sms) throw new AppError(p.choice === "email" || !to.phone ? "VALIDATION_NO_EMAIL" : "VALIDATION_NO_PHONE");

  const url = await portalUrl(db, p.workspace);
  return db.transaction(async (tx) => {
    const row = await loadPending(tx, { workspaceId: w, host: p.host, hold: p.hold, now, lock: true });
    if (!row) throw new AppError("TWO_FACTOR_PENDING_EXPIRED");
    if (row.sends >= MAX_SENDS) throw new AppError("CODE_SEND_LIMIT");
    if (cooldownLeftSec(row, now) > 0) throw new AppError("TWO_FACTOR_COOLDOWN");

    // The previous code dies with the resend: only the newest one is ever accepted here.
    if (row.challengeId) {
      await tx
        .update(otpChallenges)
        .set({ consumedAt: now })
        .where(and(eq(otpChallenges.id, row.challengeId), eq(otpChallenges.workspaceId, w), isNull(otpChallenges.consumedAt)));
    }
    const planned: CodeChannel[] = [...(to.email ? (["email"] as const) : []), ...(sms ? (["sms"] as const) : [])];
    const code = await issueCode(tx, { workspaceId: w, portalUserId: row.portalUserId, purpose: "second_factor", channels: planned, now });
    const sent: CodeChannel[] = [];
    if (to.email) {
      await notifyPortalUsers(tx, { workspaceId: w, portalUrl: url, kind: "sign_in_code", items: [{ to, notice: { kind: "sign_in_code", code: code.code }, channel: "email" }] });
      sent.push("email");
    }
    if (sms) {
      try {
        // A savepoint: an SMS refused now (credits, the daily cap) leaves the email and the code standing.
        await tx.transaction((sp) =>
          notifyPortalUsers(sp, { workspaceId: w, portalUrl: url, kind: "sign_in_code", items: [{ to, notice: { kind: "sign_in_code", code: code.code }, channel: "sms" }] }),
        );
        sent.push("sms");
      } catch (e) {
        if (!isAppError(e) || !to.email) throw e;
        console.warn(`[two-factor] an SMS code for a portal user of workspace ${p.workspace.slug} was not sent: ${e.code}: ${e.message}`);
        smsProblem = "The text message could not be sent just now, so this code went by email only.";
      }
    }
    await tx
      .update(pendingSignIns)
      .set({ challengeId: code.challengeId, lastSentAt: now, sends: sql`${pendingSignIns.sends} + 1` })
      .where(and(eq(pendingSignIns.id, row.id), eq(pendingSignIns.workspaceId, w)));
    return { channels: sent, smsProblem };
  });
}
