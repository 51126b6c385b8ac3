import "server-only";
// Who can be given Client Centre access, and what is missing for the others. Access is two-factor (a link by email,
// a code by SMS and email), so a contact needs a first name, last name, email address and mobile number: that is
// the gate every send, copy and resend applies, and what the send screen shows next to each applicant.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contacts, opportunities, opportunityApplicants, portalUsers, requests, workspaces, type ApplicantRole } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { smsNumberAllowed } from "@/lib/sms/enqueue-sms";
import { getSmsReadiness } from "@/lib/sms/sms-readiness";
import { isUuid } from "@/lib/db/queries/client-centre-access";
import { missingForClientCentre } from "@/lib/db/queries/opportunities";
import { requiredContactFieldLabels } from "@/lib/opportunities/labels";

export const requiredAccessFields = ["first name", "last name", "email address", "mobile number"] as const;
export type AccessField = (typeof requiredAccessFields)[number];

export const PHONE_WARNING_INTERNATIONAL = "SMS delivery to international numbers cannot be guaranteed; the code will go by email";
export const PHONE_WARNING_NO_SMS = "SMS is not set up: the code will go by email only";

export type ContactForAccess = { id: string; firstName: string; lastName: string; email: string | null; phone: string | null };

/** What this contact lacks for Client Centre access, in words (empty when ready). */
export function missingForAccess(c: Pick<ContactForAccess, "firstName" | "lastName" | "email" | "phone">): AccessField[] {
  // One rule for the gate, shared with the opportunity page (missingForClientCentre); here in words.
  return missingForClientCentre(c).map((f) => requiredContactFieldLabels[f]);
}

export function displayName(c: Pick<ContactForAccess, "firstName" | "lastName" | "email">): string {
  return `${c.firstName ?? ""} ${c.lastName ?? ""}`.trim() || c.email || "This contact";
}

/** "first name and mobile number" */
export function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

export type AccessRequest = {
  id: string;
  title: string;
  status: "draft" | "open" | "closed";
  dueAt: Date | null;
  opportunityId: string;
  opportunityName: string;
};

/** The request (of this workspace, under this opportunity when given) with its opportunity's name, or NOT_FOUND. */
export async function requestForAccess(db: DbOrTx, p: { workspaceId: string; requestId: string; opportunityId?: string }): Promise<AccessRequest> {
  if (!isUuid(p.requestId) || (p.opportunityId !== undefined && !isUuid(p.opportunityId))) throw new AppError("NOT_FOUND");
  const [row] = await db
    .select({ id: requests.id, title: requests.title, status: requests.status, dueAt: requests.dueAt, opportunityId: requests.opportunityId, opportunityName: opportunities.name })
    .from(requests)
    .innerJoin(opportunities, and(eq(opportunities.id, requests.opportunityId), eq(opportunities.workspaceId, requests.workspaceId)))
    .where(and(eq(requests.workspaceId, p.workspaceId), eq(requests.id, p.requestId), p.opportunityId ? eq(requests.opportunityId, p.opportunityId) : undefined))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", undefined, "That request does not exist in this workspace.");
  return row;
}

/** Sending access needs an open request: clients cannot see a draft, nor answer a closed one. */
export function assertSendable(r: Pick<AccessRequest, "status">) {
  if (r.status !== "open") throw new AppError("CLIENT_CENTRE_REQUEST_NOT_SENDABLE");
}

export type ApplicantReadiness = ContactForAccess & {
  role: ApplicantRole;
  name: string;
  missing: AccessField[];
  ready: boolean;
  portalStatus: "invited" | "joined" | "revoked" | null;
  phoneWarning: string | null;
};

/**
 * The applicants of a request's opportunity with what each lacks and, for the ready ones, the phone warning: a number
 * outside the workspace's SMS countries (India only by default), or SMS not set up at all. Sending is still allowed
 * then: the code goes by email too.
 */
export async function applicantReadiness(db: DbOrTx, p: { workspaceId: string; opportunityId: string }): Promise<ApplicantReadiness[]> {
  const rows = await db
    .select({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      role: opportunityApplicants.role,
      portalStatus: portalUsers.status,
    })
    .from(opportunityApplicants)
    .innerJoin(contacts, and(eq(contacts.id, opportunityApplicants.contactId), eq(contacts.workspaceId, opportunityApplicants.workspaceId)))
    .leftJoin(portalUsers, and(eq(portalUsers.contactId, contacts.id), eq(portalUsers.workspaceId, contacts.workspaceId)))
    .where(and(eq(opportunityApplicants.workspaceId, p.workspaceId), eq(opportunityApplicants.opportunityId, p.opportunityId)))
    .orderBy(asc(opportunityApplicants.createdAt), asc(contacts.id))
    .limit(500);
  if (rows.length === 0) return [];
  const warn = await phoneWarnings(db, { workspaceId: p.workspaceId });
  return rows.map((r) => {
    const missing = missingForAccess(r);
    return { ...r, name: displayName(r), missing, ready: missing.length === 0, phoneWarning: r.phone ? warn(r.phone) : null };
  });
}

/** A function giving the warning for a mobile number in this workspace, or null when the code can go by SMS. */
export async function phoneWarnings(db: DbOrTx, p: { workspaceId: string }): Promise<(phone: string) => string | null> {
  const [ws] = await db.select({ sms: workspaces.smsSettings }).from(workspaces).where(eq(workspaces.id, p.workspaceId));
  const countries = ws?.sms?.countries?.length ? ws.sms.countries : ["IN"];
  let smsReady = false;
  try {
    const r = await getSmsReadiness(db, p);
    smsReady = r.enabled && r.countryOk && r.kinds.sign_in_code.ready;
  } catch {
    smsReady = false;
  }
  return (phone) => (!smsReady ? PHONE_WARNING_NO_SMS : smsNumberAllowed(phone, countries) ? null : PHONE_WARNING_INTERNATIONAL);
}

/**
 * The gate for a send, copy or resend: every contact must be an applicant of the request's opportunity (else
 * NOT_FOUND: a guessed id of another opportunity's contact reads as unknown) and complete (else APPLICANT_INCOMPLETE
 * naming who lacks what). Returns the contacts in a fixed order (by id), which is also the lock order.
 */
export async function gateApplicants(db: DbOrTx, p: { workspaceId: string; opportunityId: string; contactIds: string[] }): Promise<ContactForAccess[]> {
  const ids = [...new Set(p.contactIds)].sort();
  if (ids.length === 0) throw new AppError("NO_APPLICANTS_SELECTED", "contactIds");
  const rows = await db
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone })
    .from(opportunityApplicants)
    .innerJoin(contacts, and(eq(contacts.id, opportunityApplicants.contactId), eq(contacts.workspaceId, opportunityApplicants.workspaceId)))
    .where(and(eq(opportunityApplicants.workspaceId, p.workspaceId), eq(opportunityApplicants.opportunityId, p.opportunityId), inArray(opportunityApplicants.contactId, ids)))
    .orderBy(asc(contacts.id));
  if (rows.length !== ids.length) throw new AppError("NOT_FOUND", "contactIds", "One of the selected contacts is not an applicant on this opportunity. Reload the page and select again.");
  const incomplete = rows.map((r) => ({ r, missing: missingForAccess(r) })).filter((x) => x.missing.length > 0);
  if (incomplete.length > 0) {
    const words = incomplete.map(({ r, missing }) => `${displayName(r)} has no ${listWords(missing)}`).join("; ");
    throw new AppError("APPLICANT_INCOMPLETE", "contactIds", `Client Centre access needs a first name, last name, email address and mobile number. ${words}. Complete the contact, then send again.`);
  }
  return rows;
}
