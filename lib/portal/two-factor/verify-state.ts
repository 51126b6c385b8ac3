import "server-only";
// What the code step shows for this browser: its pending sign-in (sent or not yet), or the signed-in client who needs
// the code (step-up, re-auth), or nothing to go on. Reads only; sending and starting are POSTs.
import type { DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { now as clockNow } from "@/lib/clock";
import { peekPortalSession } from "../sessions";
import type { BrowserHold } from "./cookie";
import { cooldownLeftSec, loadPending, type PendingPurpose } from "./pending";
import { maskEmail, maskPhone, smsRouteFor, twoFactorRecipient, type SmsRoute } from "./recipient";

/** As portal-request.ts decides it: the proxy's scheme, else the app URL's. */
export function requestIsSecure(h: Headers): boolean {
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(env.appUrl).protocol.replace(":", "");
  return proto === "https";
}

export type VerifyState =
  | { kind: "none" }
  | { kind: "signed_in" }
  | {
      kind: "ask";
      purpose: PendingPurpose;
      /** A code was sent for this pending sign-in (the code box shows). */
      sent: boolean;
      sends: number;
      cooldownSec: number;
      phone: string | null;
      email: string | null;
      sms: SmsRoute;
      next: string | null;
    };

export async function verifyState(
  db: DbOrTx,
  p: { workspaceId: string; host: string; hold: BrowserHold | null; sessionToken: string | null; now?: Date },
): Promise<VerifyState> {
  const now = p.now ?? clockNow();
  const pending = await loadPending(db, { workspaceId: p.workspaceId, host: p.host, hold: p.hold, now });
  let portalUserId: string;
  let purpose: PendingPurpose;
  if (pending) {
    portalUserId = pending.portalUserId;
    purpose = pending.purpose;
  } else {
    const s = p.sessionToken ? await peekPortalSession(db, { token: p.sessionToken, workspaceId: p.workspaceId, host: p.host, now }) : null;
    if (!s || (!s.twoFactor && s.state === "idle")) return { kind: "none" };
    if (s.twoFactor && s.state === "live") return { kind: "signed_in" };
    portalUserId = s.portalUserId;
    purpose = s.twoFactor ? "reauth" : "step_up";
  }
  const r = await twoFactorRecipient(db, { workspaceId: p.workspaceId, portalUserId });
  if (!r || r.status === "revoked") return { kind: "none" };
  return {
    kind: "ask",
    purpose,
    sent: !!pending?.challengeId,
    sends: pending?.sends ?? 0,
    cooldownSec: pending ? cooldownLeftSec(pending, now) : 0,
    phone: maskPhone(r.phone),
    email: maskEmail(r.email),
    sms: await smsRouteFor(db, { workspaceId: p.workspaceId, phone: r.phone }),
    next: pending?.next ?? null,
  };
}
