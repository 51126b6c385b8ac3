import "server-only";
// Every message a portal user is sent (invitation, login message, sign-in code, one-time sign-in link) goes out here,
// on the channel their user type reaches them on: email from the workspace's profile and templates, or SMS through
// the workspace's DLT-mapped SMS templates. Callers say what to send; this decides how.
import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import type { PortalRecipientRow } from "@/lib/db/queries/portal-users";
import { workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import type { EmailTemplateKind, MergeValues } from "@/lib/messaging/templates";
import { baseMergeValues, composePortalEmail, getDefaultEmailProfile, loadEmailTemplate, type EmailProfile } from "@/lib/messaging/workspace-email";
import { enqueueSms } from "@/lib/sms/enqueue-sms";
import type { SmsTemplateKind, SmsValues } from "@/lib/sms/sms-templates";
import { channelOf, type Channel } from "./identifier";
import { linkPath } from "./link-path";
import { daysLeft } from "./personal-links";

export type Recipient = Pick<PortalRecipientRow, "portalUserId" | "firstName" | "lastName" | "email" | "phone" | "preference">;

/** What a message carries; the channel decides its words and the shape of its link. */
export type Notice =
  | { kind: "invitation" | "login"; link: { token: string; expiresAt: Date } }
  | { kind: "sign_in_code"; code: string }
  | { kind: "sign_in_link"; token: string };

const emailKind: Record<Notice["kind"], EmailTemplateKind> = {
  invitation: "invitation",
  login: "login_email",
  sign_in_code: "sign_in_code",
  sign_in_link: "sign_in_link",
};
const smsKind: Record<Notice["kind"], SmsTemplateKind> = {
  invitation: "invitation",
  login: "login_message",
  sign_in_code: "sign_in_code",
  sign_in_link: "sign_in_link",
};

/**
 * The channel a recipient is reached on (their type's, unless `channel` overrides it), and their address on it
 * (null when the contact lacks it).
 */
export function addressOf(r: Recipient, override?: Channel): { channel: Channel; to: string | null } {
  const channel = override ?? channelOf(r.preference);
  return { channel, to: channel === "sms" ? r.phone : r.email };
}

/** A DLT variable holds 30 characters at most: a long first name is cut at a word, else at 30. */
function smsFirstName(name: string): string {
  const n = name.trim() || "there";
  if (n.length <= 30) return n;
  const cut = n.slice(0, 30);
  return cut.includes(" ") ? cut.slice(0, cut.lastIndexOf(" ")) : cut;
}

function emailValues(base: MergeValues, url: string, n: Notice): MergeValues {
  if (n.kind === "sign_in_code") return { ...base, "sign_in.code": n.code };
  if (n.kind === "sign_in_link") return { ...base, "sign_in.link": `${url}${linkPath(n.token)}` };
  return { ...base, "portal.magic_link": `${url}${linkPath(n.link.token)}`, "link.expires_in_days": String(daysLeft(n.link.expiresAt)) };
}

function smsValues(r: Recipient, url: string, n: Notice): SmsValues {
  const base: SmsValues = { "contact.first_name": smsFirstName(r.firstName) };
  if (n.kind === "sign_in_code") return { ...base, "sign_in.code": n.code };
  if (n.kind === "sign_in_link") return { ...base, "sign_in.link_token": n.token, "sign_in.short_link": `${url}/s/${n.token}` };
  return {
    ...base,
    "portal.link_token": n.link.token,
    "portal.short_link": `${url}/s/${n.link.token}`,
    "link.expires_in_days": String(daysLeft(n.link.expiresAt)),
  };
}

/**
 * Queues one message per item in the caller's transaction, each on its recipient's channel, and returns the outbox
 * ids in the items' order. All items of one call share a kind. Invitations and login messages by email need the
 * workspace's default email profile (NO_EMAIL_PROFILE); SMS need SMS set up and credits (enqueueSms refuses
 * otherwise, and then nothing of this call is queued). A recipient without an address on their channel is
 * VALIDATION_NO_EMAIL / VALIDATION_NO_PHONE: bulk callers leave such people out first and report them.
 */
export async function notifyPortalUsers(
  tx: Tx,
  p: { workspaceId: string; portalUrl: string; kind: Notice["kind"]; items: { to: Recipient; notice: Notice; channel?: Channel }[]; batchId?: string },
): Promise<{ id: string; portalUserId: string; channel: Channel; to: string }[]> {
  if (p.items.length === 0) return [];
  const byChannel = { email: [] as number[], sms: [] as number[] };
  const addresses = p.items.map((item, i) => {
    const a = addressOf(item.to, item.channel);
    if (!a.to) throw new AppError(a.channel === "sms" ? "VALIDATION_NO_PHONE" : "VALIDATION_NO_EMAIL");
    byChannel[a.channel].push(i);
    return { channel: a.channel, to: a.to };
  });
  const ids: string[] = new Array(p.items.length);

  if (byChannel.email.length > 0) {
    const kind = emailKind[p.kind];
    const personal = p.kind === "invitation" || p.kind === "login";
    const [ws] = await tx.select({ name: workspaces.name, branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, p.workspaceId));
    const [template, profile] = await Promise.all([loadEmailTemplate(tx, { workspaceId: p.workspaceId, kind }), getDefaultEmailProfile(tx, { workspaceId: p.workspaceId })]);
    if (personal && !profile) throw new AppError("NO_EMAIL_PROFILE");
    const rows: OutgoingMessage[] = byChannel.email.map((i) => {
      const { to, notice } = p.items[i];
      const values = emailValues(baseMergeValues({ workspace: ws, contact: to, portalUrl: p.portalUrl }), p.portalUrl, notice);
      return composePortalEmail({
        workspaceId: p.workspaceId,
        to: addresses[i].to,
        kind,
        template,
        values,
        profile: profile as EmailProfile | null,
        branding: ws.branding,
        batchId: p.batchId,
        meta: { portalUserId: to.portalUserId },
      });
    });
    const out = await enqueueMessages(tx, rows);
    byChannel.email.forEach((i, k) => (ids[i] = out[k].id));
  }

  if (byChannel.sms.length > 0) {
    const out = await enqueueSms(tx, {
      workspaceId: p.workspaceId,
      kind: smsKind[p.kind],
      batchId: p.batchId,
      messages: byChannel.sms.map((i) => ({
        to: addresses[i].to,
        values: smsValues(p.items[i].to, p.portalUrl, p.items[i].notice),
        meta: { portalUserId: p.items[i].to.portalUserId },
      })),
    });
    byChannel.sms.forEach((i, k) => (ids[i] = out[k].id));
  }

  return p.items.map((item, i) => ({ id: ids[i], portalUserId: item.to.portalUserId, channel: addresses[i].channel, to: addresses[i].to }));
}
