import "server-only";
// The hub-notices job: every minute it claims due pending notices (FOR UPDATE SKIP LOCKED, so several workers split
// them), and for each re-checks that it still matters, then writes the outbox message and marks the notice in the
// same transaction. A crash before the commit leaves everything as it was: the next run sends it, once. A notice that
// no longer matters (messages read before it was due, files unshared, a contract already signed, a revoked client) is
// closed with a skipped_reason and no message. "Closed" is sent_at set: it takes the row out of the pending index,
// so new activity starts a new notice.
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { now as clockNow } from "@/lib/clock";
import type { Db, Tx } from "@/lib/db";
import {
  clientContracts,
  clientUnread,
  memberUnread,
  noticeClient,
  noticeMember,
  noticeWorkspace,
  stillVisibleFiles,
  workspaceContracts,
  type NoticeClient,
  type NoticeContract,
} from "@/lib/db/queries/hub-notices";
import { hubNotices, type HubNoticeKind } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox, type OutgoingMessage } from "@/lib/messaging/outbox";
import type { EmailTemplateKind, MergeValues } from "@/lib/messaging/templates";
import { baseMergeValues, composePortalEmail, getDefaultEmailProfile, loadEmailTemplate } from "@/lib/messaging/workspace-email";
import { portalUrl } from "@/lib/portal/portal-url";
import { enqueueSms } from "@/lib/sms/enqueue-sms";
import { loadSmsState } from "@/lib/sms/sms-state";
import { NOTICE_ITEMS_NAMED } from "./queue-hub-notice";
import { countText, itemsText, oneLine } from "./notice-words";

export type ClaimedNotice = {
  id: string;
  workspaceId: string;
  contactId: string | null;
  userId: string | null;
  kind: HubNoticeKind;
  itemCount: number;
  items: { id: string; label: string }[];
};

type Outcome = { messageId: string } | { skipped: string };

export type SendDueNoticesOptions = {
  now?: Date;
  /** Notices claimed (and committed) together. */
  batchSize?: number;
  /** Stop after this many batches (the next minute's run takes the rest). */
  maxBatches?: number;
  /** Test seam: runs inside the claiming transaction just before it commits; a throw there must change nothing. */
  beforeCommit?: (claimed: ClaimedNotice[]) => Promise<void> | void;
};

/** Sends (or closes as skipped) every notice due by now, a batch per transaction; returns what it did. */
export async function sendDueNotices(db: Db, o: SendDueNoticesOptions = {}): Promise<{ sent: number; skipped: number; failed: number }> {
  const at = o.now ?? clockNow();
  const batchSize = o.batchSize ?? 50;
  const total = { sent: 0, skipped: 0, failed: 0 };
  for (let b = 0; b < (o.maxBatches ?? 20); b++) {
    const r = await db.transaction(async (tx) => {
      const claimed = (await tx
        .select({
          id: hubNotices.id,
          workspaceId: hubNotices.workspaceId,
          contactId: hubNotices.contactId,
          userId: hubNotices.userId,
          kind: hubNotices.kind,
          itemCount: hubNotices.itemCount,
          items: hubNotices.items,
        })
        .from(hubNotices)
        .where(and(isNull(hubNotices.sentAt), lte(hubNotices.dueAt, at)))
        .orderBy(asc(hubNotices.dueAt))
        .limit(batchSize)
        .for("update", { skipLocked: true })) as ClaimedNotice[];
      const done = { sent: 0, skipped: 0, failed: 0, claimed: claimed.length };
      for (const n of claimed) {
        let outcome: Outcome;
        try {
          // A savepoint per notice: one that fails rolls back alone, the batch goes on.
          outcome = await tx.transaction((sp) => dispatch(sp, n));
        } catch (e) {
          console.error("[hub-notices] notice", n.id, "failed; retrying in 5 minutes", e);
          await tx.update(hubNotices).set({ dueAt: new Date(at.getTime() + 5 * 60_000) }).where(eq(hubNotices.id, n.id));
          done.failed++;
          continue;
        }
        if ("messageId" in outcome) {
          await tx.update(hubNotices).set({ sentAt: at, messageId: outcome.messageId }).where(eq(hubNotices.id, n.id));
          done.sent++;
        } else {
          await tx.update(hubNotices).set({ sentAt: at, skippedReason: outcome.skipped }).where(eq(hubNotices.id, n.id));
          done.skipped++;
        }
      }
      await o.beforeCommit?.(claimed);
      return done;
    });
    total.sent += r.sent;
    total.skipped += r.skipped;
    total.failed += r.failed;
    if (r.sent > 0) kickOutbox();
    if (r.claimed < batchSize) break;
  }
  return total;
}

function dispatch(tx: Tx, n: ClaimedNotice): Promise<Outcome> {
  if (n.contactId) return toClient(tx, n, n.contactId);
  if (n.userId) return toMember(tx, n, n.userId);
  return Promise.resolve({ skipped: "no_recipient" });
}

// ---------------------------------------------------------------------------------------------------------------
// Clients: the workspace's own sender and templates, on the client's invitation channel.

type ClientDigest = { template: EmailTemplateKind; path: string; count: string; items: string };

/** What the notice says now, or why it no longer matters. */
async function clientDigest(tx: Tx, n: ClaimedNotice, contactId: string): Promise<ClientDigest | { skipped: string }> {
  const w = { workspaceId: n.workspaceId, contactId };
  if (n.kind === "documents") {
    const visible = await stillVisibleFiles(tx, { ...w, fileIds: n.items.map((i) => i.id) });
    const gone = n.items.length - visible.length;
    const total = n.itemCount - gone;
    if (total <= 0 || (visible.length === 0 && n.itemCount <= n.items.length)) return { skipped: "no_longer_shared" };
    const names = n.items.filter((i) => visible.some((v) => v.id === i.id)).map((i) => visible.find((v) => v.id === i.id)!.name);
    return { template: "documents_shared", path: "/documents", count: countText(total, "document", "documents"), items: itemsText(names, total, NOTICE_ITEMS_NAMED) };
  }
  if (n.kind === "messages") {
    const unread = await clientUnread(tx, w);
    if (unread.count === 0) return { skipped: "read_before_due" };
    return { template: "unread_messages", path: "/messages", count: countText(unread.count, "unread message", "unread messages"), items: "" };
  }
  const list = await clientContracts(tx, { ...w, contractIds: n.items.map((i) => i.id) });
  const toSign = list.filter((c) => c.status === "sent" && c.signerStatus === "pending");
  const signed = list.filter((c) => c.status === "completed");
  const pick = toSign.length > 0 ? toSign : signed;
  if (pick.length === 0) return { skipped: "no_longer_pending" };
  return {
    template: toSign.length > 0 ? "contract_to_sign" : "contract_signed",
    path: pick.length === 1 ? `/contracts/${pick[0].id}` : "/contracts",
    count: contractCount(pick),
    items: itemsText(pick.map((c) => c.title), pick.length, NOTICE_ITEMS_NAMED),
  };
}

function contractCount(list: NoticeContract[]): string {
  if (list.length === 1) return list[0].kind === "proposal" ? "a proposal" : "a contract";
  return list.every((c) => c.kind === "proposal") ? `${list.length} proposals` : list.every((c) => c.kind === "contract") ? `${list.length} contracts` : `${list.length} documents`;
}

async function toClient(tx: Tx, n: ClaimedNotice, contactId: string): Promise<Outcome> {
  const client = await noticeClient(tx, { workspaceId: n.workspaceId, contactId });
  if (!client?.portalUserId) return { skipped: "no_portal_access" };
  if (client.status === "revoked") return { skipped: "access_revoked" };
  const digest = await clientDigest(tx, n, contactId);
  if ("skipped" in digest) return digest;
  const ws = await noticeWorkspace(tx, { workspaceId: n.workspaceId });
  if (!ws) return { skipped: "no_workspace" };
  const url = await portalUrl(tx, ws);
  const meta = { hubNoticeId: n.id, portalUserId: client.portalUserId, kind: n.kind };

  if (client.preference === "phone") {
    const sms = await trySms(tx, n, client, meta);
    if ("messageId" in sms) return sms;
    // Not sendable by SMS (no DLT-mapped template, no credits, …): by email when the client has an address.
    if (!client.email) return sms;
  }
  if (!client.email) return { skipped: "no_email" };
  const profile = await getDefaultEmailProfile(tx, { workspaceId: n.workspaceId });
  if (!profile) return { skipped: "no_email_profile" };
  const template = await loadEmailTemplate(tx, { workspaceId: n.workspaceId, kind: digest.template });
  const values: MergeValues = {
    ...baseMergeValues({ workspace: ws, contact: client, portalUrl: url }),
    "notice.link": `${url}${digest.path}`,
    "notice.count": digest.count,
    "notice.items": digest.items,
  };
  const [row] = await enqueueMessages(tx, [
    composePortalEmail({ workspaceId: n.workspaceId, to: client.email, kind: digest.template, template, values, profile, branding: ws.branding, meta }),
  ]);
  return { messageId: row.id };
}

/** The "portal update" SMS, or why it could not go (sms_not_mapped when the workspace has not mapped it to DLT). */
async function trySms(tx: Tx, n: ClaimedNotice, client: NoticeClient, meta: Record<string, unknown>): Promise<Outcome> {
  if (!client.phone) return { skipped: "no_phone" };
  const s = await loadSmsState(tx, { workspaceId: n.workspaceId });
  if (!s.enabled || !s.countryOk) return { skipped: "sms_off" };
  if (s.checks.portal_update.problems.length > 0) return { skipped: "sms_not_mapped" };
  try {
    const [row] = await enqueueSms(tx, {
      workspaceId: n.workspaceId,
      kind: "portal_update",
      messages: [{ to: client.phone, values: { "contact.first_name": smsName(client.firstName) }, meta }],
    });
    return { messageId: row.id };
  } catch (e) {
    if (isAppError(e)) return { skipped: e.code.toLowerCase() };
    throw e;
  }
}

function smsName(name: string): string {
  const n = name.trim() || "there";
  return n.length <= 30 ? n : n.slice(0, 30);
}

// ---------------------------------------------------------------------------------------------------------------
// Team members: the platform's own mail (like sign-in and "request submitted" emails), to their sign-in address,
// linking to the admin app. Not the workspace's client sender: this is the product talking to its user.

async function toMember(tx: Tx, n: ClaimedNotice, userId: string): Promise<Outcome> {
  const member = await noticeMember(tx, { workspaceId: n.workspaceId, userId });
  if (!member) return { skipped: "not_a_member" };
  if (member.role === "marketing") return { skipped: "no_access" }; // marketing members never see client data
  const ws = await noticeWorkspace(tx, { workspaceId: n.workspaceId });
  if (!ws) return { skipped: "no_workspace" };
  const base = `${env.appUrl}/w/${ws.slug}`;
  let subject: string;
  let paragraphs: string[];
  let link: { label: string; url: string };

  if (n.kind === "messages") {
    const unread = await memberUnread(tx, { workspaceId: n.workspaceId, userId });
    if (unread.count === 0) return { skipped: "read_before_due" };
    const what = countText(unread.count, "unread client message", "unread client messages");
    subject = `${cap(what)} in ${ws.name}`;
    paragraphs = [`You have ${what} in ${unread.conversations === 1 ? "one conversation" : `${unread.conversations} conversations`}.`];
    link = { label: "Open the inbox", url: unread.conversations === 1 && unread.only ? `${base}/inbox/${unread.only}` : `${base}/inbox` };
  } else if (n.kind === "contract") {
    const list = await workspaceContracts(tx, { workspaceId: n.workspaceId, contractIds: n.items.map((i) => i.id) });
    const done = list.filter((c) => c.status === "completed" || c.status === "declined");
    if (done.length === 0) return { skipped: "no_longer_relevant" };
    const words = done.map((c) => `"${oneLine(c.title)}" was ${c.status === "completed" ? (c.kind === "proposal" ? "accepted" : "signed by everyone") : "declined"}.`);
    subject = done.length === 1 ? words[0].replace(/\.$/, "") : `${done.length} contracts have news in ${ws.name}`;
    paragraphs = words;
    link = { label: done.length === 1 ? "Open it" : "Open contracts", url: done.length === 1 ? `${base}/contracts/${done[0].id}` : `${base}/contracts` };
  } else {
    subject = `New documents in ${ws.name}`;
    paragraphs = [`${countText(n.itemCount, "document", "documents")}: ${itemsText(n.items.map((i) => i.label), n.itemCount, NOTICE_ITEMS_NAMED)}.`];
    link = { label: "Open documents", url: `${base}/documents` };
  }
  const message: OutgoingMessage = {
    workspaceId: n.workspaceId,
    channel: "email",
    to: member.email,
    subject,
    template: `hub.${n.kind}`,
    meta: { hubNoticeId: n.id, userId },
    text: [...paragraphs, link.url].join("\n\n"),
    html: emailLayout({ title: subject, paragraphs, button: link, footer: "You get one email per batch of activity, never one per message." }),
  };
  const [row] = await enqueueMessages(tx, [message]);
  return { messageId: row.id };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
