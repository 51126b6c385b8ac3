import "server-only";
// Every time a client opens a shared file (an inline preview) or downloads it, before the bytes go out: the team's
// "who saw what, when, from where".
import type { DbOrTx } from "@/lib/db";
import { sharedFileEvents } from "@/lib/db/schema";

export async function recordFileEvent(
  db: DbOrTx,
  p: { workspaceId: string; fileId: string; contactId: string; portalUserId: string; kind: "view" | "download"; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.insert(sharedFileEvents).values({
    workspaceId: p.workspaceId,
    fileId: p.fileId,
    contactId: p.contactId,
    portalUserId: p.portalUserId,
    kind: p.kind,
    ip: p.ip?.slice(0, 100) ?? null,
    // A user agent is the client's to send: keep it bounded and storable.
    userAgent: p.userAgent ? p.userAgent.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 500) || null : null,
  });
}
