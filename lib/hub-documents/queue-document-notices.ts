import "server-only";
// "New documents" notices for everyone a share reaches, in one statement: a user type can have 100,000 members, so
// the recipients are selected and upserted into hub_notices by one INSERT … SELECT (the same upsert as
// lib/hub-notices/queue-hub-notice.ts, set-based). Only live portal users are notified, each at most once per share,
// and nobody who could already see the item (re-sharing is not news). Call it in the share's transaction, before the
// new audience rows are written, so "could already see" means before this share.
import { sql, type SQL } from "drizzle-orm";
import { now } from "@/lib/clock";
import type { DbOrTx } from "@/lib/db";
import { sharedWithPortalUser } from "@/lib/db/queries/shared-file-access";
import { NOTICE_DELAY_MS, NOTICE_ITEMS_NAMED } from "@/lib/hub-notices/queue-hub-notice";
import { rowsOf } from "@/lib/db/rows";

export type NewAudience = { contactIds: string[]; userTypeIds: string[] };

/** Queues one "documents" item for each live portal user the new audience reaches; returns how many were reached. */
export async function queueDocumentNotices(
  tx: DbOrTx,
  p: { workspaceId: string; item: { id: string; label: string }; audience: NewAudience; alreadyShared: SQL | null },
): Promise<number> {
  const { contactIds, userTypeIds } = p.audience;
  if (contactIds.length === 0 && userTypeIds.length === 0) return 0;
  const due = new Date(now().getTime() + NOTICE_DELAY_MS.documents);
  const item = JSON.stringify([{ id: p.item.id, label: p.item.label.slice(0, 200) }]);
  const puType = sql`coalesce(pu.user_type_id, (select t.id from portal_user_types t where t.workspace_id = ${p.workspaceId} and t.is_default limit 1))`;
  const contacts = sql`array[${sql.join(contactIds.length ? contactIds.map((c) => sql`${c}`) : [sql`null`], sql`, `)}]::uuid[]`;
  const types = sql`array[${sql.join(userTypeIds.length ? userTypeIds.map((c) => sql`${c}`) : [sql`null`], sql`, `)}]::uuid[]`;
  const rows = await tx.execute(sql`
    insert into hub_notices (workspace_id, contact_id, kind, item_count, items, due_at)
    select ${p.workspaceId}::uuid, pu.contact_id, 'documents', 1, ${item}::jsonb, ${due.toISOString()}::timestamptz
    from portal_users pu
    where pu.workspace_id = ${p.workspaceId} and pu.status <> 'revoked'
      and (pu.contact_id = any(${contacts}) or ${puType} = any(${types}))
      ${p.alreadyShared ? sql`and not ${p.alreadyShared}` : sql``}
    on conflict (contact_id, kind) where sent_at is null and contact_id is not null do update set
      item_count = hub_notices.item_count + 1,
      items = case
        when hub_notices.items @> excluded.items then hub_notices.items
        when jsonb_array_length(hub_notices.items) < ${NOTICE_ITEMS_NAMED} then hub_notices.items || excluded.items
        else hub_notices.items end,
      updated_at = now()
    returning contact_id`);
  return rowsOf(rows).length;
}

/** "Already shared" for a team file (its own audience and its folder's) or a folder, per portal user `pu`. */
export function alreadySharedWith(p: { workspaceId: string; fileId?: string | null; folderId?: string | null }): SQL {
  return sharedWithPortalUser(p);
}

