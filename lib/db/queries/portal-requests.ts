import "server-only";
// What the portal shows a client of their requests: only requests of opportunities where their contact is an
// applicant (never drafts), and only their own answers and uploads, never a co-applicant's.
import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { applicantRequest } from "./client-centre-access";
import type { DbOrTx } from "@/lib/db";
import { documents, opportunityApplicants, requestAnswers, requestItems, requestResponses, requests, type AnswerValue, type DocumentReviewStatus, type RequestItemKind } from "@/lib/db/schema";
import { createdAtText, decodeTimeCursor, encodeTimeCursor } from "./time-cursor";

export type PortalRequestProgress = { total: number; done: number; needsAttention: number };
export type PortalRequestRow = {
  id: string;
  title: string;
  status: "open" | "closed";
  dueAt: Date | null;
  submittedAt: Date | null;
  progress: PortalRequestProgress;
};

const PAGE = 20;

/**
 * An answer's value read as JSON text and parsed here: drizzle's jsonb reader JSON.parses any string the driver hands
 * back, so a text answer "125000.50" or "true" would come back as a number or a boolean. Reading ::text avoids that.
 */
export const answerValueText = sql<string | null>`${requestAnswers.value}::text`;
export function parseAnswerValue(text: string | null): AnswerValue {
  if (text === null) return null;
  const v = JSON.parse(text) as unknown;
  if (typeof v === "string" || v === null) return v;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : String(v);
}

/** An answer counts as given when it holds something (drafts may store null, "" never, or an empty list). */
export function isAnswered(v: AnswerValue | undefined): boolean {
  if (v === null || v === undefined) return false;
  return Array.isArray(v) ? v.length > 0 : v.trim() !== "";
}

/** The viewer's requests, newest first, a keyset page at a time (`cursor` from the previous page's `older`). */
export async function listViewerRequests(
  db: DbOrTx,
  p: { workspaceId: string; contactId: string; cursor?: string | null; limit?: number },
): Promise<{ rows: PortalRequestRow[]; older: string | null }> {
  const limit = Math.min(p.limit ?? PAGE, 100);
  const cursor = decodeTimeCursor(p.cursor);
  const rows = await db
    .select({
      id: requests.id,
      title: requests.title,
      status: requests.status,
      dueAt: requests.dueAt,
      submittedAt: requestResponses.submittedAt,
      createdAt: createdAtText(requests.createdAt),
    })
    .from(requests)
    .innerJoin(
      opportunityApplicants,
      and(
        eq(opportunityApplicants.opportunityId, requests.opportunityId),
        eq(opportunityApplicants.workspaceId, requests.workspaceId),
        eq(opportunityApplicants.contactId, p.contactId),
      ),
    )
    .leftJoin(requestResponses, and(eq(requestResponses.requestId, requests.id), eq(requestResponses.contactId, p.contactId), eq(requestResponses.workspaceId, requests.workspaceId)))
    .where(
      and(
        eq(requests.workspaceId, p.workspaceId),
        // A closed request stays listed only for a client who submitted it (they may want to see what they sent).
        or(eq(requests.status, "open"), and(eq(requests.status, "closed"), isNotNull(requestResponses.submittedAt))),
        cursor ? sql`(${requests.createdAt}, ${requests.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(requests.createdAt), desc(requests.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const progress = await progressOf(db, { workspaceId: p.workspaceId, contactId: p.contactId, requestIds: page.map((r) => r.id) });
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status as "open" | "closed",
      dueAt: r.dueAt,
      submittedAt: r.submittedAt,
      progress: progress.get(r.id) ?? { total: 0, done: 0, needsAttention: 0 },
    })),
    older: rows.length > limit && last ? encodeTimeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

/** Items done out of all items, and document items whose uploads were all rejected (the client must upload again). */
async function progressOf(db: DbOrTx, p: { workspaceId: string; contactId: string; requestIds: string[] }): Promise<Map<string, PortalRequestProgress>> {
  const out = new Map<string, PortalRequestProgress>();
  if (p.requestIds.length === 0) return out;
  const [items, answers, docs] = await Promise.all([
    db
      .select({ id: requestItems.id, requestId: requestItems.requestId, kind: requestItems.kind })
      .from(requestItems)
      .where(and(eq(requestItems.workspaceId, p.workspaceId), inArray(requestItems.requestId, p.requestIds))),
    db
      .select({ itemId: requestAnswers.itemId, value: answerValueText })
      .from(requestAnswers)
      .where(and(eq(requestAnswers.workspaceId, p.workspaceId), eq(requestAnswers.contactId, p.contactId), inArray(requestAnswers.requestId, p.requestIds))),
    db
      .select({ itemId: documents.requestItemId, status: documents.reviewStatus })
      .from(documents)
      .where(and(eq(documents.workspaceId, p.workspaceId), eq(documents.contactId, p.contactId), inArray(documents.requestId, p.requestIds), isNull(documents.deletedAt))),
  ]);
  const answered = new Set(answers.filter((a) => isAnswered(parseAnswerValue(a.value))).map((a) => a.itemId));
  const good = new Set(docs.filter((d) => d.status !== "rejected").map((d) => d.itemId));
  const rejected = new Set(docs.filter((d) => d.status === "rejected").map((d) => d.itemId));
  for (const i of items) {
    const pr = out.get(i.requestId) ?? { total: 0, done: 0, needsAttention: 0 };
    pr.total++;
    if (i.kind === "document") {
      if (good.has(i.id)) pr.done++;
      else if (rejected.has(i.id)) pr.needsAttention++;
    } else if (answered.has(i.id)) pr.done++;
    out.set(i.requestId, pr);
  }
  return out;
}

export type PortalRequestItem = {
  id: string;
  kind: RequestItemKind;
  label: string;
  helpText: string | null;
  required: boolean;
  options: string[];
};
export type PortalDocument = {
  id: string;
  itemId: string;
  name: string;
  size: number;
  contentType: string;
  reviewStatus: DocumentReviewStatus;
  reviewReason: string | null;
  createdAt: Date;
};
export type PortalRequestPage = {
  request: { id: string; title: string; message: string | null; status: "open" | "closed"; dueAt: Date | null };
  items: PortalRequestItem[];
  answers: Record<string, AnswerValue>;
  documents: PortalDocument[];
  response: { openedAt: Date | null; submittedAt: Date | null; updatedAt: Date | null } | null;
};

/** Everything the request page shows this client, or null when they may not see the request (same as unknown). */
export async function viewerRequestPage(db: DbOrTx, p: { workspaceId: string; contactId: string; requestId: string }): Promise<PortalRequestPage | null> {
  const request = await applicantRequest(db, p);
  if (!request) return null;
  const own = { workspaceId: p.workspaceId, contactId: p.contactId, requestId: request.id };
  const [[meta], items, answers, docs, [response]] = await Promise.all([
    db.select({ message: requests.message }).from(requests).where(and(eq(requests.id, request.id), eq(requests.workspaceId, p.workspaceId))),
    db
      .select({ id: requestItems.id, kind: requestItems.kind, label: requestItems.label, helpText: requestItems.helpText, required: requestItems.required, options: requestItems.options })
      .from(requestItems)
      .where(and(eq(requestItems.requestId, request.id), eq(requestItems.workspaceId, p.workspaceId)))
      .orderBy(requestItems.position, requestItems.createdAt),
    db
      .select({ itemId: requestAnswers.itemId, value: answerValueText })
      .from(requestAnswers)
      .where(and(eq(requestAnswers.requestId, own.requestId), eq(requestAnswers.contactId, own.contactId), eq(requestAnswers.workspaceId, own.workspaceId))),
    db
      .select({
        id: documents.id,
        itemId: documents.requestItemId,
        name: documents.name,
        size: documents.size,
        contentType: documents.contentType,
        reviewStatus: documents.reviewStatus,
        reviewReason: documents.reviewReason,
        createdAt: documents.createdAt,
      })
      .from(documents)
      .where(and(eq(documents.requestId, own.requestId), eq(documents.contactId, own.contactId), eq(documents.workspaceId, own.workspaceId), isNull(documents.deletedAt)))
      .orderBy(desc(documents.createdAt)),
    db
      .select({ openedAt: requestResponses.openedAt, submittedAt: requestResponses.submittedAt, updatedAt: requestResponses.updatedAt })
      .from(requestResponses)
      .where(and(eq(requestResponses.requestId, own.requestId), eq(requestResponses.contactId, own.contactId), eq(requestResponses.workspaceId, own.workspaceId))),
  ]);
  return {
    request: { id: request.id, title: request.title, message: meta?.message ?? null, status: request.status, dueAt: request.dueAt },
    items: items.map((i) => ({ ...i, options: i.options ?? [] })),
    answers: Object.fromEntries(answers.map((a) => [a.itemId, parseAnswerValue(a.value)])),
    documents: docs.map((d) => ({ ...d, itemId: d.itemId! })),
    response: response ?? null,
  };
}
