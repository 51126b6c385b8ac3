import "server-only";
// The client of a portal route handler for messages: any live session on this workspace and host (one factor is
// enough for the hub), with the contact's name for the messages they write.
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { contacts } from "@/lib/db/schema";
import { sessionTokenFrom, type PortalRequest } from "@/lib/portal/portal-request";
import { readPortalSession } from "@/lib/portal/sessions";
import { contactName } from "@/lib/db/queries/conversations";

export type MessagesClient = { portalUserId: string; contactId: string; name: string };

/** `touch` for what the client does (posting, downloading); false for the live feed, which must not keep a session alive. */
export async function messagesClientFrom(request: Request, portal: PortalRequest, opts: { touch: boolean }): Promise<MessagesClient | null> {
  const token = sessionTokenFrom(request.headers, portal.secure);
  if (!token) return null;
  const db = getDb();
  const s = await readPortalSession(db, { token, workspaceId: portal.workspace.id, host: portal.host, touch: opts.touch });
  if (!s) return null;
  const [c] = await db
    .select({ firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone })
    .from(contacts)
    .where(and(eq(contacts.id, s.user.contactId), eq(contacts.workspaceId, portal.workspace.id)));
  if (!c) return null;
  return { portalUserId: s.user.id, contactId: s.user.contactId, name: contactName(c) };
}
