import "server-only";
// Hub activity (shared documents, new messages, a contract to sign) becomes at most one pending notice per recipient
// and kind: the first event sets when it is due, later ones before then only add to it. Call it in the transaction
// of the action, so the action and its notice commit together; the hub-notices job sends what is due.
import { sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import type { DbOrTx } from "@/lib/db";
import type { HubNoticeKind } from "@/lib/db/schema";

/** How long activity collects before its notice goes out. */
export const NOTICE_DELAY_MS: Record<HubNoticeKind, number> = {
  documents: 2 * 60_000,
  messages: 10 * 60_000,
  contract: 0,
};
/** Items named in a notice; the count covers the rest ("and 7 more"). */
export const NOTICE_ITEMS_NAMED = 5;

export type NoticeRecipient = { contactId: string } | { userId: string };

/** Adds one item to the recipient's pending notice of this kind, or starts one due after the kind's delay. */
export async function queueHubNotice(
  tx: DbOrTx,
  p: { workspaceId: string; to: NoticeRecipient; kind: HubNoticeKind; item: { id: string; label: string }; delayMs?: number },
): Promise<void> {
  const due = new Date(now().getTime() + (p.delayMs ?? NOTICE_DELAY_MS[p.kind]));
  const item = JSON.stringify([{ id: p.item.id, label: p.item.label.slice(0, 200) }]);
  const contactId = "contactId" in p.to ? p.to.contactId : null;
  const userId = "userId" in p.to ? p.to.userId : null;
  const target = contactId
    ? sql`(contact_id, kind) where sent_at is null and contact_id is not null`
    : sql`(workspace_id, user_id, kind) where sent_at is null and user_id is not null`;
  await tx.execute(sql`
    insert into hub_notices (workspace_id, contact_id, user_id, kind, item_count, items, due_at)
    values (${p.workspaceId}, ${contactId}, ${userId}, ${p.kind}, 1, ${item}::jsonb, ${due.toISOString()}::timestamptz)
    on conflict ${target} do update set
      item_count = hub_notices.item_count + 1,
      items = case
        when hub_notices.items @> excluded.items then hub_notices.items
        when jsonb_array_length(hub_notices.items) < ${NOTICE_ITEMS_NAMED} then hub_notices.items || excluded.items
        else hub_notices.items end,
      updated_at = now()`);
}
