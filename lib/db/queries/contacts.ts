import "server-only";
import { and, asc, count, desc, eq, gt, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/lib/db";
import { contactImportRows, contactImports, contacts } from "@/lib/db/schema";
import { bindableText } from "@/lib/db/bindable";

const uuid = z.uuid();
const isUuid = (s: unknown): s is string => uuid.safeParse(s).success;

/** Escapes LIKE wildcards in user input so "50%" and "a_b" match literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A search term made of phone-number characters with at least 3 digits ("98765 43210", "+91 (98765)"). */
export function looksLikePhone(q: string): boolean {
  return /^\+?[\d\s\-().\/]+$/.test(q.trim()) && q.replace(/\D/g, "").length >= 3;
}

/**
 * Matches name, email, phone or company as a substring of the generated `search` column (the trigram index serves
 * it); a phone-like term is also matched as bare digits without a leading 0, so "098765 43210" finds +919876543210.
 */
export function contactSearchFilter(q: string | undefined): SQL | undefined {
  const term = (q ?? "").trim().toLowerCase().slice(0, 100);
  if (!term) return undefined;
  if (!bindableText(term)) return sql`false`;
  const conds = [ilike(contacts.search, `%${escapeLike(term)}%`)];
  if (looksLikePhone(term)) {
    const digits = term.replace(/\D/g, "").replace(/^0+/, "");
    if (digits.length >= 3) conds.push(ilike(contacts.search, `%${digits}%`));
  }
  return conds.length === 1 ? conds[0] : or(...conds);
}

/** The orders the contacts list offers (lib/contacts/list-options names them for screens). */
export const contactOrders = ["name_asc", "name_desc", "newest", "oldest"] as const;
export type ContactSort = (typeof contactOrders)[number];

/** A page of the contacts list, unless the caller asks for another size. */
export const CONTACTS_PAGE_SIZE = 50;

type Cursor = { s: ContactSort; k: string; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

/** The cursor if it is well formed and made for this sort order; anything else means "from the start". */
export function decodeCursor(raw: string | null | undefined, sort: ContactSort): Cursor | null {
  if (!raw || raw.length > 1000) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Cursor>;
    if (c.s !== sort || typeof c.k !== "string" || c.k.length > 500 || !bindableText(c.k) || !isUuid(c.id)) return null;
    if ((sort === "newest" || sort === "oldest") && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(c.k)) return null;
    return { s: sort, k: c.k, id: c.id };
  } catch {
    return null;
  }
}

// Microsecond precision as text: a JS Date would round created_at to milliseconds and the keyset would skip rows.
const createdKey = sql<string>`to_char(${contacts.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type ContactListRow = {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  company: string;
  createdAt: Date;
};

export type ContactPage = { rows: ContactListRow[]; next: string | null; prev: string | null };

/**
 * One page of a workspace's contacts, keyset-paginated: the cursor is the (sort key, id) of the row at the page's
 * edge, so page 2,000 costs what page 1 does. `after` walks forward, `before` walks back; one extra row is fetched
 * to learn whether there is more in that direction.
 */
export async function listContacts(
  db: DbOrTx,
  p: { workspaceId: string; q?: string; sort: ContactSort; after?: string | null; before?: string | null; limit?: number },
): Promise<ContactPage> {
  const limit = Math.min(Math.max(p.limit ?? CONTACTS_PAGE_SIZE, 1), 200);
  const byName = p.sort === "name_asc" || p.sort === "name_desc";
  const descending = p.sort === "name_desc" || p.sort === "newest";
  const before = decodeCursor(p.before, p.sort);
  const after = before ? null : decodeCursor(p.after, p.sort);
  const cursor = before ?? after;
  const reverse = descending !== !!before; // walking back flips the direction of the scan
  const keyCol = byName ? contacts.sortName : contacts.createdAt;
  const keyVal = cursor ? (byName ? sql`${cursor.k}` : sql`${cursor.k}::timestamptz`) : null;

  const rows = await db
    .select({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      company: contacts.company,
      createdAt: contacts.createdAt,
      key: byName ? contacts.sortName : createdKey,
    })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, p.workspaceId),
        contactSearchFilter(p.q),
        cursor ? sql`(${keyCol}, ${contacts.id}) ${reverse ? sql`<` : sql`>`} (${keyVal}, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(...(reverse ? [desc(keyCol), desc(contacts.id)] : [asc(keyCol), asc(contacts.id)]))
    .limit(limit + 1);

  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (before) page.reverse();
  const edge = (r: (typeof rows)[number] | undefined) => (r ? encodeCursor({ s: p.sort, k: r.key, id: r.id }) : null);
  const first = page[0];
  const last = page[page.length - 1];
  return {
    rows: page.map(({ key: _key, ...r }) => r),
    next: before ? edge(last) : more ? edge(last) : null,
    prev: before ? (more ? edge(first) : null) : after ? edge(first) : null,
  };
}

/** One contact of the workspace, or null (also for another workspace's id or a malformed id). */
export async function getContact(db: DbOrTx, p: { workspaceId: string; id: string }) {
  if (!isUuid(p.id)) return null;
  const [row] = await db
    .select({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      company: contacts.company,
      createdAt: contacts.createdAt,
      updatedAt: contacts.updatedAt,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, p.workspaceId), eq(contacts.id, p.id)))
    .limit(1);
  return row ?? null;
}

/** How many contacts the workspace has (the empty state and the page header). */
export async function countContacts(db: DbOrTx, p: { workspaceId: string }) {
  const [row] = await db.select({ n: count() }).from(contacts).where(eq(contacts.workspaceId, p.workspaceId));
  return row?.n ?? 0;
}

/** An import's header and counts, only within the workspace. */
export async function getContactImport(db: DbOrTx, p: { workspaceId: string; importId: string }) {
  if (!isUuid(p.importId)) return null;
  const [row] = await db
    .select({
      id: contactImports.id,
      fileName: contactImports.fileName,
      totalRows: contactImports.totalRows,
      status: contactImports.status,
      created: contactImports.createdCount,
      updated: contactImports.updatedCount,
      rejected: contactImports.rejectedCount,
      createdAt: contactImports.createdAt,
      appliedAt: contactImports.appliedAt,
    })
    .from(contactImports)
    .where(and(eq(contactImports.workspaceId, p.workspaceId), eq(contactImports.id, p.importId)))
    .limit(1);
  return row ?? null;
}

export type ImportOutcome = "created" | "updated" | "rejected";

/** An import's per-row report in file order, keyset by row number, optionally one outcome only. */
export async function listContactImportRows(
  db: DbOrTx,
  p: { workspaceId: string; importId: string; outcome?: ImportOutcome; afterRow?: number; limit: number },
) {
  if (!isUuid(p.importId)) return [];
  return db
    .select({
      row: contactImportRows.rowNumber,
      outcome: contactImportRows.outcome,
      reason: contactImportRows.reason,
      contactId: contactImportRows.contactId,
      raw: contactImportRows.raw,
      firstName: contactImportRows.firstName,
      lastName: contactImportRows.lastName,
      email: contactImportRows.email,
      phone: contactImportRows.phone,
    })
    .from(contactImportRows)
    .where(
      and(
        eq(contactImportRows.workspaceId, p.workspaceId),
        eq(contactImportRows.importId, p.importId),
        p.outcome ? eq(contactImportRows.outcome, p.outcome) : undefined,
        p.afterRow ? gt(contactImportRows.rowNumber, p.afterRow) : undefined,
      ),
    )
    .orderBy(asc(contactImportRows.rowNumber))
    .limit(p.limit);
}
