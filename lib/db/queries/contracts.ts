import "server-only";
// The team's reads of contracts and proposals: the list (keyset, by status), one contract with its signers, fields
// and history, and the signer picker. Workspace id in every filter; another workspace's id reads as null.
import { and, asc, count, desc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contacts, contractEvents, contractFields, contracts, contractSigners, contractStatuses, opportunities, portalUsers, type ContractStatus } from "@/lib/db/schema";
import { contactSearchFilter } from "./contacts";
import { createdAtText, decodeTimeCursor, encodeTimeCursor, isUuid } from "./time-cursor";

/** A field's box and who fills it: the columns the team's editor and the signer's page both read. */
export const contractFieldBox = {
  id: contractFields.id,
  signerId: contractFields.signerId,
  kind: contractFields.kind,
  page: contractFields.page,
  x: contractFields.x,
  y: contractFields.y,
  width: contractFields.width,
  height: contractFields.height,
  label: contractFields.label,
  required: contractFields.required,
};

export const CONTRACTS_PAGE_SIZE = 25;
export const isContractStatus = (s: string): s is ContractStatus => (contractStatuses as readonly string[]).includes(s);

/**
 * One page of the workspace's contracts, newest first, optionally in one status. The keyset on (created_at, id)
 * walks the contracts_workspace index (contracts_status with a status), so any page costs what the first does.
 */
export async function listContracts(db: DbOrTx, p: { workspaceId: string; status?: ContractStatus | null; after?: string | null; limit?: number }) {
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? CONTRACTS_PAGE_SIZE), 1), 100);
  const after = decodeTimeCursor(p.after);
  const rows = await db
    .select({
      id: contracts.id,
      title: contracts.title,
      kind: contracts.kind,
      status: contracts.status,
      createdAt: contracts.createdAt,
      sentAt: contracts.sentAt,
      completedAt: contracts.completedAt,
      key: createdAtText(contracts.createdAt),
      // contracts.id spelled out: inside a select list drizzle leaves a column unqualified, and there it would mean s.id.
      signers: sql<number>`(select count(*)::int from contract_signers s where s.contract_id = contracts.id and s.workspace_id = ${p.workspaceId})`,
      signed: sql<number>`(select count(*)::int from contract_signers s where s.contract_id = contracts.id and s.workspace_id = ${p.workspaceId} and s.status = 'signed')`,
      names: sql<string | null>`(select string_agg(x.name, ', ') from (select s.name from contract_signers s where s.contract_id = contracts.id and s.workspace_id = ${p.workspaceId} order by s.position, s.created_at limit 3) x)`,
    })
    .from(contracts)
    .where(
      and(
        eq(contracts.workspaceId, p.workspaceId),
        p.status ? eq(contracts.status, p.status) : undefined,
        after ? sql`(${contracts.createdAt}, ${contracts.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(sql`${contracts.createdAt} desc nulls last`, sql`${contracts.id} desc nulls last`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(({ key: _k, ...r }) => r),
    nextCursor: rows.length > limit && last ? encodeTimeCursor({ createdAt: last.key, id: last.id }) : null,
  };
}
export type ContractListRow = Awaited<ReturnType<typeof listContracts>>["rows"][number];

/** How many contracts are in each status (the filter's counts). */
export async function countContracts(db: DbOrTx, p: { workspaceId: string }): Promise<Record<ContractStatus, number> & { all: number }> {
  const rows = await db.select({ status: contracts.status, n: count() }).from(contracts).where(eq(contracts.workspaceId, p.workspaceId)).groupBy(contracts.status);
  const out = Object.fromEntries(contractStatuses.map((s) => [s, 0])) as Record<ContractStatus, number> & { all: number };
  out.all = 0;
  for (const r of rows) {
    out[r.status] = r.n;
    out.all += r.n;
  }
  return out;
}

/** One contract with its signers (and whether each still has portal access), fields and history; null if not this workspace's. */
export async function getContract(db: DbOrTx, p: { workspaceId: string; contractId: string }) {
  if (!isUuid(p.contractId)) return null;
  const [c] = await db
    .select({
      id: contracts.id,
      kind: contracts.kind,
      title: contracts.title,
      message: contracts.message,
      status: contracts.status,
      signingOrder: contracts.signingOrder,
      opportunityId: contracts.opportunityId,
      opportunityName: opportunities.name,
      originalName: contracts.originalName,
      originalSha256: contracts.originalSha256,
      originalSize: contracts.originalSize,
      pages: contracts.pages,
      signedSha256: contracts.signedSha256,
      signedSize: contracts.signedSize,
      hasSigned: sql<boolean>`${contracts.signedStorageKey} is not null`,
      sentAt: contracts.sentAt,
      completedAt: contracts.completedAt,
      declinedAt: contracts.declinedAt,
      voidedAt: contracts.voidedAt,
      createdAt: contracts.createdAt,
    })
    .from(contracts)
    .leftJoin(opportunities, and(eq(opportunities.id, contracts.opportunityId), eq(opportunities.workspaceId, contracts.workspaceId)))
    .where(and(eq(contracts.id, p.contractId), eq(contracts.workspaceId, p.workspaceId)));
  if (!c) return null;
  const [signers, fields, events] = await Promise.all([
    db
      .select({
        id: contractSigners.id,
        contactId: contractSigners.contactId,
        position: contractSigners.position,
        status: contractSigners.status,
        name: contractSigners.name,
        email: contractSigners.email,
        phone: contractSigners.phone,
        viewedAt: contractSigners.viewedAt,
        signedAt: contractSigners.signedAt,
        declinedAt: contractSigners.declinedAt,
        comment: contractSigners.comment,
        signatureKind: contractSigners.signatureKind,
        ip: contractSigners.ip,
        userAgent: contractSigners.userAgent,
        inPortal: sql<boolean>`${portalUsers.id} is not null`,
      })
      .from(contractSigners)
      .leftJoin(portalUsers, and(eq(portalUsers.contactId, contractSigners.contactId), eq(portalUsers.workspaceId, contractSigners.workspaceId), ne(portalUsers.status, "revoked")))
      .where(and(eq(contractSigners.contractId, c.id), eq(contractSigners.workspaceId, p.workspaceId)))
      .orderBy(asc(contractSigners.position), asc(contractSigners.createdAt)),
    db
      .select({
        ...contractFieldBox,
        filled: sql<boolean>`${contractFields.value} is not null`,
      })
      .from(contractFields)
      .where(and(eq(contractFields.contractId, c.id), eq(contractFields.workspaceId, p.workspaceId)))
      .orderBy(asc(contractFields.page), asc(contractFields.y), asc(contractFields.x), asc(contractFields.id)),
    db
      .select({
        id: contractEvents.id,
        kind: contractEvents.kind,
        signerId: contractEvents.signerId,
        actorName: contractEvents.actorName,
        ip: contractEvents.ip,
        detail: contractEvents.detail,
        createdAt: contractEvents.createdAt,
      })
      .from(contractEvents)
      .where(and(eq(contractEvents.contractId, c.id), eq(contractEvents.workspaceId, p.workspaceId)))
      .orderBy(asc(contractEvents.createdAt), asc(contractEvents.id))
      .limit(500),
  ]);
  return { ...c, signers, fields, events };
}
export type ContractDetail = NonNullable<Awaited<ReturnType<typeof getContract>>>;

/** The stored objects of a contract, for the download routes (null if not this workspace's). */
export async function contractFiles(db: DbOrTx, p: { workspaceId: string; contractId: string }) {
  if (!isUuid(p.contractId)) return null;
  const [row] = await db
    .select({ id: contracts.id, title: contracts.title, status: contracts.status, originalName: contracts.originalName, originalStorageKey: contracts.originalStorageKey, signedStorageKey: contracts.signedStorageKey })
    .from(contracts)
    .where(and(eq(contracts.id, p.contractId), eq(contracts.workspaceId, p.workspaceId)));
  return row ?? null;
}

export const SIGNER_PICKER_PAGE = 20;
type NameCursor = { k: string; id: string };
const encodeName = (c: NameCursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeName(raw: string | null | undefined): NameCursor | null {
  if (!raw || raw.length > 600) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<NameCursor>;
    return typeof c.k === "string" && c.k.length <= 400 && !c.k.includes("\u0000") && typeof c.id === "string" && isUuid(c.id) ? { k: c.k, id: c.id } : null;
  } catch {
    return null;
  }
}

/**
 * The signer picker: contacts of the workspace who are live portal users (invited or joined), by name, keyset on
 * (sort_name, id) as the contacts list pages, matching `q` like the contacts search.
 */
export async function listSignerCandidates(db: DbOrTx, p: { workspaceId: string; q?: string; after?: string | null; limit?: number }) {
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? SIGNER_PICKER_PAGE), 1), 100);
  const after = decodeName(p.after);
  const rows = await db
    .select({ contactId: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone, status: portalUsers.status, key: contacts.sortName })
    .from(contacts)
    .innerJoin(portalUsers, and(eq(portalUsers.contactId, contacts.id), eq(portalUsers.workspaceId, contacts.workspaceId), ne(portalUsers.status, "revoked")))
    .where(and(eq(contacts.workspaceId, p.workspaceId), contactSearchFilter(p.q), after ? sql`(${contacts.sortName}, ${contacts.id}) > (${after.k}, ${after.id}::uuid)` : undefined))
    .orderBy(asc(contacts.sortName), asc(contacts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(({ key: _k, ...r }) => ({ ...r, name: `${r.firstName} ${r.lastName}`.trim() })),
    nextCursor: rows.length > limit && last ? encodeName({ k: last.key, id: last.contactId }) : null,
  };
}

/** Recent opportunities to attach a contract to (the form's list). */
export async function opportunityChoices(db: DbOrTx, p: { workspaceId: string; limit?: number }) {
  return db
    .select({ id: opportunities.id, name: opportunities.name })
    .from(opportunities)
    .where(eq(opportunities.workspaceId, p.workspaceId))
    .orderBy(desc(opportunities.createdAt), desc(opportunities.id))
    .limit(p.limit ?? 100);
}
