import "server-only";
import { and, asc, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import {
  contacts,
  documents,
  opportunities,
  opportunityApplicants,
  requestAnswers,
  requestItems,
  requestResponses,
  requests,
  requestTemplates,
  type AnswerValue,
  type ApplicantRole,
  type DocumentReviewStatus,
  type RequestItemDef,
  type RequestItemKind,
  type RequestStatus,
} from "@/lib/db/schema";
import { answerValueText, parseAnswerValue } from "./portal-requests";
import { isUuid } from "./time-cursor";

// Reads for the admin's request screens. Every query filters by workspace; ids that are not UUIDs read as missing.

export type RequestItemRow = { id: string; position: number; kind: RequestItemKind; label: string; helpText: string | null; required: boolean; options: string[] | null };

export type RequestDetail = {
  id: string;
  opportunityId: string;
  opportunityName: string;
  title: string;
  message: string | null;
  status: RequestStatus;
  dueAt: Date | null;
  reminderDaysBefore: number | null;
  templateId: string | null;
  createdAt: Date;
  items: RequestItemRow[];
};

/** A request with its items in order, only within its opportunity (when given) and workspace. */
export async function getRequest(db: DbOrTx, p: { workspaceId: string; id: string; opportunityId?: string }): Promise<RequestDetail | null> {
  if (!isUuid(p.id) || (p.opportunityId !== undefined && !isUuid(p.opportunityId))) return null;
  const [row] = await db
    .select({
      id: requests.id,
      opportunityId: requests.opportunityId,
      opportunityName: opportunities.name,
      title: requests.title,
      message: requests.message,
      status: requests.status,
      dueAt: requests.dueAt,
      reminderDaysBefore: requests.reminderDaysBefore,
      templateId: requests.templateId,
      createdAt: requests.createdAt,
    })
    .from(requests)
    .innerJoin(opportunities, and(eq(opportunities.id, requests.opportunityId), eq(opportunities.workspaceId, requests.workspaceId)))
    .where(and(eq(requests.id, p.id), eq(requests.workspaceId, p.workspaceId), p.opportunityId ? eq(requests.opportunityId, p.opportunityId) : undefined))
    .limit(1);
  if (!row) return null;
  const items = await db
    .select({
      id: requestItems.id,
      position: requestItems.position,
      kind: requestItems.kind,
      label: requestItems.label,
      helpText: requestItems.helpText,
      required: requestItems.required,
      options: requestItems.options,
    })
    .from(requestItems)
    .where(and(eq(requestItems.requestId, row.id), eq(requestItems.workspaceId, p.workspaceId)))
    .orderBy(asc(requestItems.position), asc(requestItems.createdAt), asc(requestItems.id));
  return { ...row, items };
}

/** The requests of an opportunity, newest first (an opportunity has a handful). */
export async function listOpportunityRequests(db: DbOrTx, p: { workspaceId: string; opportunityId: string }) {
  if (!isUuid(p.opportunityId)) return [];
  return db
    .select({ id: requests.id, title: requests.title, status: requests.status, dueAt: requests.dueAt, createdAt: requests.createdAt })
    .from(requests)
    .where(and(eq(requests.workspaceId, p.workspaceId), eq(requests.opportunityId, p.opportunityId)))
    .orderBy(desc(requests.createdAt), desc(requests.id))
    .limit(200);
}

export type ApplicantState = "not_opened" | "in_progress" | "submitted";
export type CellState = ApplicantState;

export type ReviewDocument = {
  id: string;
  name: string;
  size: number;
  contentType: string;
  reviewStatus: DocumentReviewStatus;
  reviewReason: string | null;
  createdAt: Date;
};

export type ApplicantProgress = {
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  role: ApplicantRole;
  state: ApplicantState;
  openedAt: Date | null;
  submittedAt: Date | null;
  /** Per item id: the cell's state, whether it holds an answer (or a document not rejected), its answer and its documents (newest first). */
  items: Record<string, { state: CellState; answered: boolean; value: AnswerValue; documents: ReviewDocument[] }>;
  answeredCount: number;
};

const hasValue = (v: AnswerValue | undefined) => (Array.isArray(v) ? v.length > 0 : typeof v === "string" ? v.trim() !== "" : false);

/**
 * Every applicant of the request's opportunity with their state per item: not opened (no response row, or never
 * opened), in progress (opened, not submitted; answered or not), submitted. Answers and documents (rejected ones
 * too, newest first; those the client removed are left out) per item.
 */
export async function requestProgress(db: DbOrTx, p: { workspaceId: string; request: Pick<RequestDetail, "id" | "opportunityId" | "items"> }): Promise<ApplicantProgress[]> {
  const ws = p.workspaceId;
  const reqId = p.request.id;
  const [applicants, responses, answers, docs] = await Promise.all([
    db
      .select({ contactId: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, role: opportunityApplicants.role })
      .from(opportunityApplicants)
      .innerJoin(contacts, and(eq(contacts.id, opportunityApplicants.contactId), eq(contacts.workspaceId, opportunityApplicants.workspaceId)))
      .where(and(eq(opportunityApplicants.workspaceId, ws), eq(opportunityApplicants.opportunityId, p.request.opportunityId)))
      .orderBy(sql`case ${opportunityApplicants.role} when 'primary' then 0 when 'applicant' then 1 when 'guarantor' then 2 else 3 end`, asc(contacts.sortName), asc(contacts.id)),
    db
      .select({ contactId: requestResponses.contactId, openedAt: requestResponses.openedAt, submittedAt: requestResponses.submittedAt })
      .from(requestResponses)
      .where(and(eq(requestResponses.workspaceId, ws), eq(requestResponses.requestId, reqId))),
    db
      // As text: drizzle's jsonb reader would turn a typed "123" or "true" into a number or a boolean.
      .select({ contactId: requestAnswers.contactId, itemId: requestAnswers.itemId, value: answerValueText })
      .from(requestAnswers)
      .where(and(eq(requestAnswers.workspaceId, ws), eq(requestAnswers.requestId, reqId))),
    db
      .select({
        id: documents.id,
        contactId: documents.contactId,
        itemId: documents.requestItemId,
        name: documents.name,
        size: documents.size,
        contentType: documents.contentType,
        reviewStatus: documents.reviewStatus,
        reviewReason: documents.reviewReason,
        createdAt: documents.createdAt,
      })
      .from(documents)
      .where(and(eq(documents.workspaceId, ws), eq(documents.requestId, reqId), isNull(documents.deletedAt)))
      .orderBy(desc(documents.createdAt), desc(documents.id)),
  ]);
  const responseOf = new Map(responses.map((r) => [r.contactId, r]));
  const answerOf = new Map(answers.map((a) => [`${a.contactId}:${a.itemId}`, parseAnswerValue(a.value)]));
  const docsOf = new Map<string, ReviewDocument[]>();
  for (const d of docs) {
    const key = `${d.contactId}:${d.itemId}`;
    const { contactId: _c, itemId: _i, ...doc } = d;
    void _c;
    void _i;
    (docsOf.get(key) ?? docsOf.set(key, []).get(key)!).push(doc);
  }
  return applicants.map((a) => {
    const r = responseOf.get(a.contactId);
    const state: ApplicantState = r?.submittedAt ? "submitted" : r?.openedAt ? "in_progress" : "not_opened";
    const items: ApplicantProgress["items"] = {};
    let answeredCount = 0;
    for (const it of p.request.items) {
      const key = `${a.contactId}:${it.id}`;
      const value = answerOf.get(key) ?? null;
      const itemDocs = docsOf.get(key) ?? [];
      const answered = it.kind === "document" ? itemDocs.some((d) => d.reviewStatus !== "rejected") : hasValue(value);
      if (answered) answeredCount++;
      items[it.id] = { state, answered, value, documents: itemDocs };
    }
    return { ...a, state, openedAt: r?.openedAt ?? null, submittedAt: r?.submittedAt ?? null, items, answeredCount };
  });
}

export type RequestTemplateRow = { id: string; name: string; title: string; message: string | null; items: RequestItemDef[]; updatedAt: Date };

/** Templates by name (case-insensitive, the unique index's order); `after` is the last name of the previous page. */
export async function listRequestTemplates(db: DbOrTx, p: { workspaceId: string; after?: string | null; limit?: number }): Promise<{ rows: RequestTemplateRow[]; next: string | null }> {
  const limit = p.limit ?? 50;
  const after = p.after && p.after.length <= 200 ? Buffer.from(p.after, "base64url").toString("utf8") : null;
  const rows = await db
    .select({ id: requestTemplates.id, name: requestTemplates.name, title: requestTemplates.title, message: requestTemplates.message, items: requestTemplates.items, updatedAt: requestTemplates.updatedAt })
    .from(requestTemplates)
    .where(and(eq(requestTemplates.workspaceId, p.workspaceId), after ? gt(sql`lower(${requestTemplates.name})`, after) : undefined))
    .orderBy(sql`lower(${requestTemplates.name})`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const next = rows.length > limit ? Buffer.from(page[page.length - 1].name.toLowerCase()).toString("base64url") : null;
  return { rows: page, next };
}

export async function getRequestTemplate(db: DbOrTx, p: { workspaceId: string; id: string }): Promise<RequestTemplateRow | null> {
  if (!isUuid(p.id)) return null;
  const [row] = await db
    .select({ id: requestTemplates.id, name: requestTemplates.name, title: requestTemplates.title, message: requestTemplates.message, items: requestTemplates.items, updatedAt: requestTemplates.updatedAt })
    .from(requestTemplates)
    .where(and(eq(requestTemplates.id, p.id), eq(requestTemplates.workspaceId, p.workspaceId)))
    .limit(1);
  return row ?? null;
}

/** The opportunity's name, or null outside the workspace. */
export async function getOpportunityName(db: DbOrTx, p: { workspaceId: string; id: string }): Promise<{ id: string; name: string } | null> {
  if (!isUuid(p.id)) return null;
  const [row] = await db.select({ id: opportunities.id, name: opportunities.name }).from(opportunities).where(and(eq(opportunities.id, p.id), eq(opportunities.workspaceId, p.workspaceId))).limit(1);
  return row ?? null;
}


/** Per item id: how many answers (non-empty or not) and documents (not removed) applicants gave. */
export async function itemUseCounts(db: DbOrTx, p: { workspaceId: string; requestId: string }): Promise<Record<string, number>> {
  if (!isUuid(p.requestId)) return {};
  const [a, d] = await Promise.all([
    db
      .select({ itemId: requestAnswers.itemId, n: count() })
      .from(requestAnswers)
      .where(and(eq(requestAnswers.workspaceId, p.workspaceId), eq(requestAnswers.requestId, p.requestId)))
      .groupBy(requestAnswers.itemId),
    db
      .select({ itemId: documents.requestItemId, n: count() })
      .from(documents)
      .where(and(eq(documents.workspaceId, p.workspaceId), eq(documents.requestId, p.requestId), isNull(documents.deletedAt)))
      .groupBy(documents.requestItemId),
  ]);
  const out: Record<string, number> = {};
  for (const r of [...a, ...d]) if (r.itemId) out[r.itemId] = (out[r.itemId] ?? 0) + r.n;
  return out;
}
