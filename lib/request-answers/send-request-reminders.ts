import "server-only";
// Reminder emails for open requests with a due date and "remind N days before": applicants who have not submitted
// get one email when the window opens (N days before the due date) and one on the due date itself. Days are UTC
// days. requests.last_reminder_at says which window was last served; claiming a window is one conditional UPDATE,
// so two workers (or a rerun) never send the same window twice. The email carries the portal's address, never an
// access link: the client signs in with both factors as usual.
import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { now as clockNow } from "@/lib/clock";
import type { Db } from "@/lib/db";
import { contacts, opportunityApplicants, requestResponses, requests, workspaces } from "@/lib/db/schema";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { getDefaultEmailProfile } from "@/lib/messaging/workspace-email";
import { portalUrl } from "@/lib/portal/portal-url";

const DAY = 86_400_000;
const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/**
 * The start of the reminder window `now` falls in, or null when no reminder is due: the early window opens at the
 * start of the day N days before the due day, the due-day window at the start of the due day; after the due
 * moment nothing more is sent.
 */
export function reminderWindow(dueAt: Date, daysBefore: number, now: Date): Date | null {
  if (now.getTime() >= dueAt.getTime()) return null;
  const dueDay = startOfUtcDay(dueAt);
  if (now.getTime() >= dueDay.getTime()) return dueDay;
  const early = new Date(dueDay.getTime() - Math.max(0, daysBefore) * DAY);
  return now.getTime() >= early.getTime() && daysBefore > 0 ? early : null;
}

export async function sendRequestReminders(db: Db, p: { now?: Date; limit?: number } = {}): Promise<{ requests: number; emails: number }> {
  const now = p.now ?? clockNow();
  // Candidates: open, due in the future, reminders on, not already served today. Index-free scan is fine: the
  // conditions are cheap and the job runs hourly; the claim below is what guarantees once per window.
  const due = await db
    .select({ id: requests.id, workspaceId: requests.workspaceId, dueAt: requests.dueAt, daysBefore: requests.reminderDaysBefore, lastReminderAt: requests.lastReminderAt })
    .from(requests)
    .where(
      and(
        eq(requests.status, "open"),
        isNotNull(requests.reminderDaysBefore),
        isNotNull(requests.dueAt),
        gt(requests.dueAt, now),
        or(isNull(requests.lastReminderAt), lt(requests.lastReminderAt, startOfUtcDay(now))),
      ),
    )
    .limit(p.limit ?? 500);

  let served = 0;
  let emails = 0;
  for (const r of due) {
    const window = reminderWindow(r.dueAt!, r.daysBefore!, now);
    if (!window || (r.lastReminderAt && r.lastReminderAt >= window)) continue;
    const sent = await db.transaction(async (tx) => {
      const profile = await getDefaultEmailProfile(tx, { workspaceId: r.workspaceId });
      if (!profile) return null; // client email needs the workspace's own sender; try again next run
      const [claimed] = await tx
        .update(requests)
        .set({ lastReminderAt: now })
        .where(and(eq(requests.id, r.id), eq(requests.status, "open"), or(isNull(requests.lastReminderAt), lt(requests.lastReminderAt, window))))
        .returning({ title: requests.title, dueAt: requests.dueAt });
      if (!claimed) return null;
      const [ws] = await tx.select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, r.workspaceId));
      const people = await tx
        .select({ contactId: contacts.id, firstName: contacts.firstName, email: contacts.email })
        .from(requests)
        .innerJoin(opportunityApplicants, and(eq(opportunityApplicants.opportunityId, requests.opportunityId), eq(opportunityApplicants.workspaceId, requests.workspaceId)))
        .innerJoin(contacts, and(eq(contacts.id, opportunityApplicants.contactId), eq(contacts.workspaceId, requests.workspaceId)))
        .leftJoin(requestResponses, and(eq(requestResponses.requestId, requests.id), eq(requestResponses.contactId, contacts.id)))
        .where(and(eq(requests.id, r.id), isNull(requestResponses.submittedAt), isNotNull(contacts.email)));
      if (people.length === 0) return 0;
      const url = await portalUrl(tx, ws);
      const business = ws.branding?.portalName?.trim() || ws.name;
      const dueText = claimed.dueAt!.toLocaleDateString("en-IN", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
      const today = window.getTime() === startOfUtcDay(claimed.dueAt!).getTime();
      const subject = today ? `Due today: ${claimed.title}` : `Reminder: ${claimed.title} is due on ${dueText}`;
      await enqueueMessages(
        tx,
        people.map((c) => {
          const paragraphs = [
            `Hello ${c.firstName?.trim() || "there"},`,
            today ? `${business} asked you for "${claimed.title}", and it is due today.` : `${business} asked you for "${claimed.title}", due on ${dueText}.`,
            "Sign in to the portal to answer the remaining items and submit. Your saved answers are waiting for you.",
          ];
          return {
            workspaceId: r.workspaceId,
            channel: "email" as const,
            to: c.email!,
            subject,
            fromName: profile.fromName,
            fromAddress: profile.fromAddress,
            replyTo: profile.replyTo ?? undefined,
            template: "request.reminder",
            meta: { requestId: r.id, contactId: c.contactId, window: window.toISOString() },
            text: [...paragraphs, url].join("\n\n"),
            html: emailLayout({ title: subject, paragraphs, button: { label: "Open the portal", url }, color: ws.branding?.primaryColor, brand: { name: business, logoUrl: ws.branding?.logoUrl } }),
          };
        }),
      );
      return people.length;
    });
    if (sent === null) continue;
    served++;
    emails += sent;
  }
  if (emails > 0) kickOutbox();
  return { requests: served, emails };
}
