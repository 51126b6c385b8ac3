import "server-only";
import { and, asc, count, eq, exists, ilike, notExists, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { bindableText } from "@/lib/db/bindable";
import { contacts, opportunities, opportunityApplicants, opportunityStages, requestResponses, requests, users, type ApplicantRole, type OpportunityStage } from "@/lib/db/schema";
import { contactSearchFilter, escapeLike } from "./contacts";
import { createdAtText, decodeTimeCursor, encodeTimeCursor, isUuid } from "./time-cursor";

export { encodeTimeCursor as encodeOpportunityCursor, decodeTimeCursor as decodeOpportunityCursor } from "./time-cursor";

export const OPPORTUNITIES_PAGE_SIZE = 50;

export const isOpportunityStage = (s: string): s is OpportunityStage => (opportunityStages as readonly string[]).includes(s);

const createdKey = createdAtText(opportunities.createdAt);

/** Name of the opportunity, or the name, email or phone of one of its applicants (the trigram index serves contacts). */
function opportunitySearch(db: DbOrTx, workspaceId: string, q: string): SQL | undefined {
  const term = q.trim().toLowerCase().slice(0, 100);
  if (!term) return undefined;
  if (!bindableText(term)) return sql`false`;
  return or(
    ilike(opportunities.name, `%${escapeLike(term)}%`),
    exists(
      db
        .select({ one: sql`1` })
        .from(opportunityApplicants)
        .innerJoin(contacts, and(eq(contacts.id, opportunityApplicants.contactId), eq(contacts.workspaceId, workspaceId)))
        .where(and(eq(opportunityApplicants.workspaceId, workspaceId), eq(opportunityApplicants.opportunityId, opportunities.id), contactSearchFilter(term))),
    ),
  );
}

/**
 * One page of a workspace's opportunities, newest first, keyset on (created_at, id) along the
 * (workspace_id, created_at desc, id desc) index: rows added meanwhile never shift or repeat what the reader sees.
 */
export async function listOpportunities(
  db: DbOrTx,
  p: { workspaceId: string; q?: string; stage?: string | null; after?: string | null; limit?: number },
) {
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? OPPORTUNITIES_PAGE_SIZE), 1), 200);
  const after = decodeTimeCursor(p.after);
  const stage = p.stage && isOpportunityStage(p.stage) ? p.stage : null;
  const applicantCount = sql<number>`(select count(*)::int from ${opportunityApplicants} a where a.workspace_id = ${opportunities}.workspace_id and a.opportunity_id = ${opportunities}.id)`;
  const primaryName = sql<string | null>`(select trim(c.first_name || ' ' || c.last_name) from ${opportunityApplicants} a join ${contacts} c on c.id = a.contact_id where a.workspace_id = ${opportunities}.workspace_id and a.opportunity_id = ${opportunities}.id and a.role = 'primary' limit 1)`;
  const rows = await db
    .select({
      id: opportunities.id,
      name: opportunities.name,
      stage: opportunities.stage,
      valueCents: opportunities.valueCents,
      currency: opportunities.currency,
      ownerName: users.name,
      ownerEmail: users.email,
      applicantCount,
      primaryName,
      createdAt: opportunities.createdAt,
      key: createdKey,
    })
    .from(opportunities)
    .leftJoin(users, eq(users.id, opportunities.ownerUserId))
    .where(
      and(
        eq(opportunities.workspaceId, p.workspaceId),
        stage ? eq(opportunities.stage, stage) : undefined,
        p.q ? opportunitySearch(db, p.workspaceId, p.q) : undefined,
        after ? sql`(${opportunities.createdAt}, ${opportunities.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    // NULLS LAST matches the index's order exactly (a plain DESC would sort every row).
    .orderBy(sql`${opportunities.createdAt} desc nulls last`, sql`${opportunities.id} desc nulls last`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeTimeCursor({ createdAt: last.key, id: last.id }) : null;
  return { rows: page.map(({ key: _key, ...r }) => r), nextCursor };
}
export type OpportunityListRow = Awaited<ReturnType<typeof listOpportunities>>["rows"][number];

/** How many opportunities the workspace has (the empty state and the header). */
export async function countOpportunities(db: DbOrTx, p: { workspaceId: string }) {
  const [row] = await db.select({ n: count() }).from(opportunities).where(eq(opportunities.workspaceId, p.workspaceId));
  return row?.n ?? 0;
}

/** One opportunity of the workspace with its owner, or null (also for another workspace's id or a malformed id). */
export async function getOpportunity(db: DbOrTx, p: { workspaceId: string; id: string }) {
  if (!isUuid(p.id)) return null;
  const [row] = await db
    .select({
      id: opportunities.id,
      name: opportunities.name,
      stage: opportunities.stage,
      valueCents: opportunities.valueCents,
      currency: opportunities.currency,
      ownerUserId: opportunities.ownerUserId,
      ownerName: users.name,
      ownerEmail: users.email,
      createdAt: opportunities.createdAt,
      updatedAt: opportunities.updatedAt,
    })
    .from(opportunities)
    .leftJoin(users, eq(users.id, opportunities.ownerUserId))
    .where(and(eq(opportunities.workspaceId, p.workspaceId), eq(opportunities.id, p.id)))
    .limit(1);
  return row ?? null;
}
export type OpportunityDetail = NonNullable<Awaited<ReturnType<typeof getOpportunity>>>;

/** The contact fields Client Centre access needs (lib/opportunities/labels.ts has their words). */
export type RequiredContactField = "firstName" | "lastName" | "email" | "phone";

/** What Client Centre access needs and the contact lacks, in a fixed order (first name, last name, email, mobile). */
export function missingForClientCentre(c: { firstName: string; lastName: string; email: string | null; phone: string | null }): RequiredContactField[] {
  const missing: RequiredContactField[] = [];
  if (!c.firstName?.trim()) missing.push("firstName");
  if (!c.lastName?.trim()) missing.push("lastName");
  if (!c.email?.trim()) missing.push("email");
  if (!c.phone?.trim()) missing.push("phone");
  return missing;
}

const roleOrder = sql`case ${opportunityApplicants.role} when 'primary' then 0 when 'applicant' then 1 when 'guarantor' then 2 else 3 end`;

/**
 * An opportunity's applicants, primary first, each with what Client Centre access still needs. Applicants per
 * opportunity are few (a family, a guarantor), so this is one list, capped.
 */
export async function listApplicants(db: DbOrTx, p: { workspaceId: string; opportunityId: string }) {
  if (!isUuid(p.opportunityId)) return [];
  const rows = await db
    .select({
      id: opportunityApplicants.id,
      contactId: contacts.id,
      role: opportunityApplicants.role,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      addedAt: opportunityApplicants.createdAt,
    })
    .from(opportunityApplicants)
    .innerJoin(contacts, and(eq(contacts.id, opportunityApplicants.contactId), eq(contacts.workspaceId, p.workspaceId)))
    .where(and(eq(opportunityApplicants.workspaceId, p.workspaceId), eq(opportunityApplicants.opportunityId, p.opportunityId)))
    .orderBy(roleOrder, asc(contacts.sortName), asc(opportunityApplicants.id))
    .limit(200);
  return rows.map((r) => ({ ...r, role: r.role as ApplicantRole, missing: missingForClientCentre(r) }));
}
export type ApplicantRow = Awaited<ReturnType<typeof listApplicants>>[number];

/**
 * The opportunity's requests for its Client Centre tab, newest first: status, due date, and how many of the current
 * applicants have submitted. Capped: an opportunity has a handful of requests, not thousands.
 */
export async function listOpportunityRequests(db: DbOrTx, p: { workspaceId: string; opportunityId: string; limit?: number }) {
  if (!isUuid(p.opportunityId)) return [];
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? 100), 1), 200);
  const applicants = sql<number>`(select count(*)::int from ${opportunityApplicants} a where a.workspace_id = ${requests}.workspace_id and a.opportunity_id = ${requests}.opportunity_id)`;
  // Only current applicants count: someone removed from the opportunity no longer makes progress look done.
  const submitted = sql<number>`(select count(*)::int from ${requestResponses} r join ${opportunityApplicants} a on a.opportunity_id = ${requests}.opportunity_id and a.contact_id = r.contact_id and a.workspace_id = r.workspace_id where r.workspace_id = ${requests}.workspace_id and r.request_id = ${requests}.id and r.submitted_at is not null)`;
  return db
    .select({
      id: requests.id,
      title: requests.title,
      status: requests.status,
      dueAt: requests.dueAt,
      createdAt: requests.createdAt,
      submitted,
      applicants,
    })
    .from(requests)
    .where(and(eq(requests.workspaceId, p.workspaceId), eq(requests.opportunityId, p.opportunityId)))
    .orderBy(sql`${requests.createdAt} desc`, sql`${requests.id} desc`)
    .limit(limit);
}
export type OpportunityRequestRow = Awaited<ReturnType<typeof listOpportunityRequests>>[number];

type PickerCursor = { k: string; id: string };
const encodePicker = (c: PickerCursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodePicker(raw: string | null | undefined): PickerCursor | null {
  if (!raw || raw.length > 1000) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<PickerCursor>;
    return typeof c.k === "string" && c.k.length <= 500 && bindableText(c.k) && typeof c.id === "string" && isUuid(c.id) ? { k: c.k, id: c.id } : null;
  } catch {
    return null;
  }
}

/**
 * Contacts to add as applicants: searched by name, email or phone, by name (keyset on (sort_name, id) along
 * contacts_workspace_sort_name), without those already on the opportunity.
 */
export async function searchApplicantCandidates(
  db: DbOrTx,
  p: { workspaceId: string; opportunityId: string; q?: string; after?: string | null; limit?: number },
) {
  if (!isUuid(p.opportunityId)) return { rows: [], nextCursor: null };
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? 10), 1), 50);
  const after = decodePicker(p.after);
  const rows = await db
    .select({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      key: contacts.sortName,
    })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, p.workspaceId),
        contactSearchFilter(p.q),
        notExists(
          db
            .select({ one: sql`1` })
            .from(opportunityApplicants)
            .where(and(eq(opportunityApplicants.workspaceId, p.workspaceId), eq(opportunityApplicants.opportunityId, p.opportunityId), eq(opportunityApplicants.contactId, contacts.id))),
        ),
        after ? sql`(${contacts.sortName}, ${contacts.id}) > (${after.k}, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(contacts.sortName), asc(contacts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(({ key: _key, ...r }) => ({ ...r, missing: missingForClientCentre(r) })),
    nextCursor: rows.length > limit && last ? encodePicker({ k: last.key, id: last.id }) : null,
  };
}
export type ApplicantCandidate = Awaited<ReturnType<typeof searchApplicantCandidates>>["rows"][number];
