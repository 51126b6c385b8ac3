import "server-only";
// Opening a request stamps the client's response as opened (the admin's progress shows "in progress" from then).
// The request page calls this on GET: a side effect limited to this one idempotent stamp, which changes nothing the
// client sees and cannot be abused (it needs the client's own two-factor session and a request they may see).
import { sql } from "drizzle-orm";
import { now as clockNow } from "@/lib/clock";
import type { DbOrTx } from "@/lib/db";
import { requestResponses } from "@/lib/db/schema";

export async function markRequestOpened(db: DbOrTx, p: { workspaceId: string; contactId: string; requestId: string; now?: Date }) {
  const now = p.now ?? clockNow();
  await db
    .insert(requestResponses)
    .values({ workspaceId: p.workspaceId, requestId: p.requestId, contactId: p.contactId, openedAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [requestResponses.requestId, requestResponses.contactId],
      set: { openedAt: sql`coalesce(${requestResponses.openedAt}, excluded.opened_at)` },
      setWhere: sql`${requestResponses.openedAt} is null`,
    });
}
