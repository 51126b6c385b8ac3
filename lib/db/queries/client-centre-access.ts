import "server-only";
// Who may see what in the Client Centre: a client sees a request only when their contact is an applicant of the
// request's opportunity, in the same workspace, and the request is not a draft. Every portal page and route that
// takes a request, item or document id from the URL goes through these, so a guessed id of another opportunity's
// request answers exactly like an id that does not exist.
import { and, eq, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { documents, opportunityApplicants, requestItems, requests } from "@/lib/db/schema";

export type ApplicantRequest = { id: string; opportunityId: string; title: string; status: "open" | "closed"; dueAt: Date | null };

/** The request if this contact is one of its applicants (and it is not a draft), else null. */
export async function applicantRequest(
  db: DbOrTx,
  p: { workspaceId: string; contactId: string; requestId: string },
): Promise<ApplicantRequest | null> {
  if (!isUuid(p.requestId)) return null;
  const [row] = await db
    .select({ id: requests.id, opportunityId: requests.opportunityId, title: requests.title, status: requests.status, dueAt: requests.dueAt })
    .from(requests)
    .innerJoin(
      opportunityApplicants,
      and(
        eq(opportunityApplicants.opportunityId, requests.opportunityId),
        eq(opportunityApplicants.workspaceId, requests.workspaceId),
        eq(opportunityApplicants.contactId, p.contactId),
      ),
    )
    .where(and(eq(requests.id, p.requestId), eq(requests.workspaceId, p.workspaceId), ne(requests.status, "draft")))
    .limit(1);
  return row ? { ...row, status: row.status as "open" | "closed" } : null;
}

/** An item of a request this contact may answer, or null. */
export async function applicantRequestItem(
  db: DbOrTx,
  p: { workspaceId: string; contactId: string; requestId: string; itemId: string },
): Promise<{ request: ApplicantRequest; item: { id: string; kind: string; required: boolean; label: string } } | null> {
  if (!isUuid(p.itemId)) return null;
  const request = await applicantRequest(db, p);
  if (!request) return null;
  const [item] = await db
    .select({ id: requestItems.id, kind: requestItems.kind, required: requestItems.required, label: requestItems.label })
    .from(requestItems)
    .where(and(eq(requestItems.id, p.itemId), eq(requestItems.requestId, request.id), eq(requestItems.workspaceId, p.workspaceId)))
    .limit(1);
  return item ? { request, item } : null;
}

/**
 * A document this client may download: one they uploaded to a request they can still see (their own answers only,
 * never a co-applicant's), not deleted. Null otherwise.
 */
export async function applicantDocument(db: DbOrTx, p: { workspaceId: string; contactId: string; documentId: string }) {
  if (!isUuid(p.documentId)) return null;
  const [doc] = await db
    .select({ id: documents.id, requestId: documents.requestId, name: documents.name, contentType: documents.contentType, size: documents.size, storageKey: documents.storageKey })
    .from(documents)
    .where(and(eq(documents.id, p.documentId), eq(documents.workspaceId, p.workspaceId), eq(documents.contactId, p.contactId), isNull(documents.deletedAt)))
    .limit(1);
  if (!doc?.requestId) return null;
  const request = await applicantRequest(db, { workspaceId: p.workspaceId, contactId: p.contactId, requestId: doc.requestId });
  return request ? doc : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
