import "server-only";
// Who a two-factor code goes to and whether it can go by SMS: the portal user's contact as the business keeps it
// (the client never names an address), and the one-line reason when the text message cannot go.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { portalRecipients, type PortalRecipientRow } from "@/lib/db/queries/portal-users";
import { portalUsers } from "@/lib/db/schema";
import { smsNumberAllowed } from "@/lib/sms/enqueue-sms";
import { loadSmsState } from "@/lib/sms/sms-state";

export type SmsRoute = { ok: true } | { ok: false; reason: string };

export async function twoFactorRecipient(db: DbOrTx, p: { workspaceId: string; portalUserId: string }): Promise<PortalRecipientRow | null> {
  const [r] = await portalRecipients(db, { workspaceId: p.workspaceId, where: eq(portalUsers.id, p.portalUserId), limit: 1 });
  return r ?? null;
}

/** Whether the code can go by text message to this client now; else the reason, in words the client can act on. */
export async function smsRouteFor(db: DbOrTx, p: { workspaceId: string; phone: string | null }): Promise<SmsRoute> {
  if (!p.phone) return { ok: false, reason: "There is no mobile number on file for you, so the code goes by email only." };
  const s = await loadSmsState(db, { workspaceId: p.workspaceId });
  const t = s.checks.sign_in_code;
  if (!s.enabled || !s.countryOk || t.problems.length > 0) return { ok: false, reason: "Text messages are not available here right now, so the code goes by email only." };
  const countries = s.workspace.sms.countries?.length ? s.workspace.sms.countries : ["IN"];
  if (!smsNumberAllowed(p.phone, countries)) return { ok: false, reason: "We can't send text messages to the mobile number on file for you, so the code goes by email only." };
  return { ok: true };
}

/** "•••• 3210": enough for the client to recognise their number, not enough to learn it. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  return digits.length >= 4 ? `•••• ${digits.slice(-4)}` : "••••";
}

/** "r•••@example.com". */
export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${email[0]}•••${email.slice(at)}`;
}
