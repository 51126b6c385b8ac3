import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { portalUserTypes } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export type PortalUserType = (typeof portalUserTypes)["$inferSelect"];

/** What every list of user types shows. */
export const userTypeColumns = {
  id: portalUserTypes.id,
  name: portalUserTypes.name,
  invitationPreference: portalUserTypes.invitationPreference,
  signInMethod: portalUserTypes.signInMethod,
  isDefault: portalUserTypes.isDefault,
};

/** The workspace's user types, default first, for the invite form's picker. */
export async function listUserTypes(db: DbOrTx, p: { workspaceId: string }) {
  return db
    .select(userTypeColumns)
    .from(portalUserTypes)
    .where(eq(portalUserTypes.workspaceId, p.workspaceId))
    .orderBy(desc(portalUserTypes.isDefault), asc(portalUserTypes.name));
}

/**
 * The type to invite with: the one asked for (only within the workspace), else the default; a workspace that has
 * none yet gets a "Client" type (email invitations, sign-in link) so the first invitation just works.
 */
export async function resolveUserType(db: DbOrTx, p: { workspaceId: string; userTypeId?: string | null }): Promise<PortalUserType> {
  if (p.userTypeId) {
    const [row] = await db
      .select()
      .from(portalUserTypes)
      .where(and(eq(portalUserTypes.workspaceId, p.workspaceId), eq(portalUserTypes.id, p.userTypeId)));
    if (!row) throw new AppError("NOT_FOUND", "userTypeId", "That user type does not exist in this workspace.");
    return row;
  }
  const [def] = await db
    .select()
    .from(portalUserTypes)
    .where(eq(portalUserTypes.workspaceId, p.workspaceId))
    .orderBy(desc(portalUserTypes.isDefault), asc(portalUserTypes.createdAt))
    .limit(1);
  if (def) return def;
  const [created] = await db
    .insert(portalUserTypes)
    .values({ workspaceId: p.workspaceId, name: "Client", invitationPreference: "email", signInMethod: "email_link", isDefault: true })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  return resolveUserType(db, { workspaceId: p.workspaceId });
}
