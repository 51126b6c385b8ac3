import "server-only";
// The client hands in their answers: every required question answered, every required document item holding at
// least one live upload that was not rejected. One transaction locks the client's response row, so pressing Submit
// twice at once submits once and emails the team once.
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { now as clockNow } from "@/lib/clock";
import { applicantRequest } from "@/lib/db/queries/client-centre-access";
import type { Db, Tx } from "@/lib/db";
import { contacts, documents, memberships, opportunities, requestAnswers, requestItems, requestResponses, users, workspaces } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { answerValueText, isAnswered, parseAnswerValue } from "@/lib/db/queries/portal-requests";

/** REQUEST_INCOMPLETE naming the required items still empty, in the request's order. */
export class RequestIncomplete extends AppError {
  constructor(readonly missing: { id: string; label: string }[]) {
    super("REQUEST_INCOMPLETE");
  }
}

/** The required items of a request this client has not yet answered or uploaded (ordered as on the page). */
export async function missingRequiredItems(db: Db | Tx, p: { workspaceId: string; contactId: string; requestId: string }) {
  const items = await db
    .select({ id: requestItems.id, label: requestItems.label, kind: requestItems.kind })
    .from(requestItems)
    .where(and(eq(requestItems.requestId, p.requestId), eq(requestItems.workspaceId, p.workspaceId), eq(requestItems.required, true)))
    .orderBy(requestItems.position, requestItems.createdAt);
  if (items.length === 0) return [];
  const ids = items.map((i) => i.id);
  const [answers, docs] = await Promise.all([
    db
      .select({ itemId: requestAnswers.itemId, value: answerValueText })
      .from(requestAnswers)
      .where(and(eq(requestAnswers.requestId, p.requestId), eq(requestAnswers.contactId, p.contactId), eq(requestAnswers.workspaceId, p.workspaceId), inArray(requestAnswers.itemId, ids))),
    db
      .select({ itemId: documents.requestItemId })
      .from(documents)
      .where(
        and(
          eq(documents.workspaceId, p.workspaceId),
          eq(documents.requestId, p.requestId),
          eq(documents.contactId, p.contactId),
          inArray(documents.requestItemId, ids),
          isNull(documents.deletedAt),
          ne(documents.reviewStatus, "rejected"),
        ),
      ),
  ]);
  const answered = new Set(answers.filter((a) => isAnswered(parseAnswerValue(a.value))).map((a) => a.itemId));
  const uploaded = new Set(docs.map((d) => d.itemId));
  return items.filter((i) => (i.kind === "document" ? !uploaded.has(i.id) : !answered.has(i.id))).map(({ id, label }) => ({ id, label }));
}

export async function submitRequest(db: Db, p: { workspaceId: string; contactId: string; requestId: string; now?: Date }): Promise<{ submittedAt: Date }> {
  const now = p.now ?? clockNow();
  const out = await db.transaction(async (tx) => {
    const request = await applicantRequest(tx, p);
    if (!request) throw new AppError("NOT_FOUND");
    if (request.status !== "open") throw new AppError("REQUEST_NOT_OPEN");

    // Upsert-and-lock: a second Submit at the same moment waits here, then sees submitted_at and stops.
    const [response] = await tx
      .insert(requestResponses)
      .values({ workspaceId: p.workspaceId, requestId: request.id, contactId: p.contactId, openedAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [requestResponses.requestId, requestResponses.contactId],
        set: { openedAt: sql`coalesce(${requestResponses.openedAt}, excluded.opened_at)`, updatedAt: sql`${requestResponses.updatedAt}` },
      })
      .returning({ id: requestResponses.id, submittedAt: requestResponses.submittedAt });
    if (response.submittedAt) throw new AppError("REQUEST_SUBMITTED");

    const missing = await missingRequiredItems(tx, { ...p, requestId: request.id });
    if (missing.length > 0) throw new RequestIncomplete(missing);

    await tx.update(requestResponses).set({ submittedAt: now, updatedAt: now }).where(eq(requestResponses.id, response.id));
    await emailTeam(tx, { workspaceId: p.workspaceId, contactId: p.contactId, request });
    return { submittedAt: now };
  });
  kickOutbox();
  return out;
}

/** "<Client> submitted <request>": to the opportunity's owner while they are still a member, else every owner and admin. */
async function emailTeam(tx: Tx, p: { workspaceId: string; contactId: string; request: { id: string; opportunityId: string; title: string } }) {
  const [ctx] = await tx
    .select({ slug: workspaces.slug, ownerUserId: opportunities.ownerUserId, opportunity: opportunities.name, firstName: contacts.firstName, lastName: contacts.lastName })
    .from(opportunities)
    .innerJoin(workspaces, eq(workspaces.id, opportunities.workspaceId))
    .innerJoin(contacts, and(eq(contacts.id, p.contactId), eq(contacts.workspaceId, opportunities.workspaceId)))
    .where(and(eq(opportunities.id, p.request.opportunityId), eq(opportunities.workspaceId, p.workspaceId)));
  if (!ctx) return;
  const member = (extra: ReturnType<typeof eq>) =>
    tx
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, p.workspaceId), extra));
  let to = ctx.ownerUserId ? await member(eq(memberships.userId, ctx.ownerUserId)) : [];
  if (to.length === 0) to = await member(inArray(memberships.role, ["owner", "admin"]));
  const recipients = [...new Set(to.map((r) => r.email).filter((e): e is string => !!e))];
  if (recipients.length === 0) return;
  const client = `${ctx.firstName ?? ""} ${ctx.lastName ?? ""}`.trim() || "A client";
  const subject = `${client} submitted ${p.request.title}`;
  const url = `${env.appUrl}/w/${ctx.slug}/opportunities/${p.request.opportunityId}/requests/${p.request.id}`;
  const paragraphs = [`${client} submitted "${p.request.title}" for ${ctx.opportunity}.`, "Review their answers and documents, and approve or reject each document."];
  await enqueueMessages(
    tx,
    recipients.map((email) => ({
      workspaceId: p.workspaceId,
      channel: "email" as const,
      to: email,
      subject,
      template: "request.submitted",
      meta: { requestId: p.request.id, contactId: p.contactId },
      text: [...paragraphs, url].join("\n\n"),
      html: emailLayout({ title: subject, paragraphs, button: { label: "Open the request", url } }),
    })),
  );
}
