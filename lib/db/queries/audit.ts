import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { auditEvents } from "@/lib/db/schema";

/** A position in the log: the last row's created_at at full (microsecond) precision and its id. */
export type AuditCursor = { createdAt: string; id: string };

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeAuditCursor(c: AuditCursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`).toString("base64url");
}

/** Anything malformed (edited by hand, truncated) reads as "no cursor", i.e. the first page. */
export function decodeAuditCursor(s: string | null | undefined): AuditCursor | null {
  if (!s || s.length > 200) return null;
  const [createdAt, id, extra] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !TS.test(createdAt ?? "") || !UUID.test(id ?? "")) return null;
  return { createdAt, id };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// JS dates keep milliseconds only; Postgres keeps microseconds, and a truncated cursor would skip rows.
const createdAtText = sql<string>`to_char(${auditEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One page of a workspace's audit log, newest first. Keyset pagination on (created_at, id) follows the
 * (workspace_id, created_at desc, id desc) index, so a deep page costs what the first does and rows written
 * meanwhile never shift or repeat what the reader sees.
 */
export async function listAuditEvents(
  db: DbOrTx,
  p: { workspaceId: string; after?: AuditCursor | null; action?: string | null; actorEmail?: string | null; limit?: number },
) {
  const limit = Math.min(Math.max(Math.trunc(p.limit ?? 50), 1), 200);
  const actor = p.actorEmail?.trim().toLowerCase();
  const rows = await db
    .select({
      id: auditEvents.id,
      createdAt: auditEvents.createdAt,
      createdAtText,
      actorEmail: auditEvents.actorEmail,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      summary: auditEvents.summary,
      ip: auditEvents.ip,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, p.workspaceId),
        p.action ? eq(auditEvents.action, p.action) : undefined,
        actor ? sql`lower(${auditEvents.actorEmail}) like ${`%${escapeLike(actor)}%`}` : undefined,
        p.after ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${p.after.createdAt}::timestamptz, ${p.after.id}::uuid)` : undefined,
      ),
    )
    // NULLS LAST to match the index's order exactly; a plain DESC (nulls first) makes Postgres sort every row.
    .orderBy(sql`${auditEvents.createdAt} desc nulls last`, sql`${auditEvents.id} desc nulls last`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeAuditCursor({ createdAt: last.createdAtText, id: last.id }) : null;
  return { events: page.map(({ createdAtText: _, ...e }) => e), nextCursor };
}

/** The actions that occur in this workspace's log, for the filter's select. */
export async function listAuditActions(db: DbOrTx, p: { workspaceId: string }) {
  const rows = await db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.workspaceId, p.workspaceId))
    .orderBy(auditEvents.action);
  return rows.map((r) => r.action);
}

export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];
