import "server-only";
// Who may sign: a contact of this workspace who is a live portal user (invited or joined, not revoked), since
// signing happens in the portal after sign-in. Set-signers and send both ask this, so access revoked after a signer
// was added is caught at send.
import { and, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contacts, portalUsers } from "@/lib/db/schema";

export type SignerContact = { contactId: string; name: string; email: string | null; phone: string | null; inPortal: boolean };

export const personName = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`.trim();

/** The workspace's contacts among `ids`, with whether each has live portal access; other workspaces' ids are absent. */
export async function signerContacts(db: DbOrTx, workspaceId: string, ids: string[]): Promise<Map<string, SignerContact>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ contactId: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone, portalUserId: portalUsers.id })
    .from(contacts)
    .leftJoin(portalUsers, and(eq(portalUsers.contactId, contacts.id), eq(portalUsers.workspaceId, contacts.workspaceId), ne(portalUsers.status, "revoked")))
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids)));
  return new Map(rows.map((r) => [r.contactId, { contactId: r.contactId, name: personName(r), email: r.email, phone: r.phone, inPortal: r.portalUserId !== null }]));
}
