import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { emailProfiles, emailTemplates, workspaces } from "@/lib/db/schema";

export type EmailProfileRow = { id: string; fromName: string; fromAddress: string; replyTo: string | null; isDefault: boolean; createdAt: Date };

export const emailProfileColumns = {
  id: emailProfiles.id,
  fromName: emailProfiles.fromName,
  fromAddress: emailProfiles.fromAddress,
  replyTo: emailProfiles.replyTo,
  isDefault: emailProfiles.isDefault,
  createdAt: emailProfiles.createdAt,
};

/** A workspace's email profiles, the default first, then oldest first. */
export async function listEmailProfiles(db: DbOrTx, p: { workspaceId: string }): Promise<EmailProfileRow[]> {
  return db
    .select(emailProfileColumns)
    .from(emailProfiles)
    .where(eq(emailProfiles.workspaceId, p.workspaceId))
    .orderBy(desc(emailProfiles.isDefault), asc(emailProfiles.createdAt), asc(emailProfiles.id));
}

/** The templates a workspace saved (kinds it never changed are absent: the sender uses its default). */
export async function listSavedEmailTemplates(db: DbOrTx, p: { workspaceId: string }) {
  return db
    .select({ kind: emailTemplates.kind, subject: emailTemplates.subject, body: emailTemplates.body })
    .from(emailTemplates)
    .where(eq(emailTemplates.workspaceId, p.workspaceId));
}

/** The workspace's name, branding and security settings, as the template preview shows them. */
export async function getWorkspaceLook(db: DbOrTx, p: { workspaceId: string }) {
  const [row] = await db
    .select({ name: workspaces.name, branding: workspaces.branding, security: workspaces.securitySettings })
    .from(workspaces)
    .where(eq(workspaces.id, p.workspaceId));
  return row ?? null;
}
