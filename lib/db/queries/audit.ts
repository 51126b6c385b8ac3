import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { escapeLike } from "./contacts";
import { createdAtText as timeText, encodeTimeCursor, isUuid, type TimeCursor } from "./time-cursor";
import { auditEvents } from "@/lib/db/schema";
import { bindableText } from "@/lib/db/bindable";

export { encodeTimeCursor as encodeAuditCursor, decodeTimeCursor as decodeAuditCursor, type TimeCursor as AuditCursor } from "./time-cursor";

const createdAtText = timeText(auditEvents.createdAt);

/**
 * One page of a workspace's audit log, newest first. Keyset pagination on (created_at, id) follows the
 * (workspace_id, created_at desc, id desc) index, so a deep page costs what the first does and rows written
 * meanwhile never shift or repeat what the reader sees.
 */
export async function listAuditEvents(
  db: DbOrTx,
  p: { workspaceId: string; after?: TimeCursor | null; action?: string | null; actorEmail?: string | null; limit?: number },
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
        // A filter holding a NUL matches nothing: no row has one, and Postgres refuses one even as a parameter.
        p.action ? (!bindableText(p.action) ? sql`false` : eq(auditEvents.action, p.action)) : undefined,
        actor ? (!bindableText(actor) ? sql`false` : sql`lower(${auditEvents.actorEmail}) like ${`%${escapeLike(actor)}%`}`) : undefined,
        p.after ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${p.after.createdAt}::timestamptz, ${p.after.id}::uuid)` : undefined,
      ),
    )
    // NULLS LAST to match the index's order exactly; a plain DESC (nulls first) makes Postgres sort every row.
    .orderBy(sql`${auditEvents.createdAt} desc nulls last`, sql`${auditEvents.id} desc nulls last`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeTimeCursor({ createdAt: last.createdAtText, id: last.id }) : null;
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
