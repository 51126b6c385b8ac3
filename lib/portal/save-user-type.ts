import "server-only";
// Portal user types: what kind of client someone is (Client, Partner, …) and how they sign in. Exactly one is the
// default, the one an invitation uses when no type is picked.
import { and, asc, count, desc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/lib/db";
import { portalUsers, portalUserTypes, workspaces } from "@/lib/db/schema";
import { audit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { userTypeColumns } from "./user-types";
import {
  createUserTypeSchema,
  signInMethodLabels,
  updateUserTypeSchema,
  userTypeIdSchema,
  type CreateUserTypeInput,
  type UpdateUserTypeInput,
  type UserTypeIdInput,
} from "./portal-settings-schema";

export type UserTypeRow = {
  id: string;
  name: string;
  invitationPreference: "email" | "phone";
  signInMethod: string;
  isDefault: boolean;
  users: number;
};

/** The workspace's user types with how many portal users each has, default first. */
export async function listUserTypesWithCounts(db: DbOrTx, p: { workspaceId: string }): Promise<UserTypeRow[]> {
  return db
    .select({ ...userTypeColumns, users: count(portalUsers.id) })
    .from(portalUserTypes)
    .leftJoin(portalUsers, and(eq(portalUsers.workspaceId, p.workspaceId), eq(portalUsers.userTypeId, portalUserTypes.id)))
    .where(eq(portalUserTypes.workspaceId, p.workspaceId))
    .groupBy(portalUserTypes.id)
    .orderBy(desc(portalUserTypes.isDefault), asc(portalUserTypes.name));
}

/** Changes to the default take turns on the workspace row, so two at once still leave exactly one default. */
async function lockTypes(tx: Tx, workspaceId: string) {
  const [ws] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("no key update");
  if (!ws) throw new AppError("WORKSPACE_NOT_FOUND");
}

async function findType(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select({ id: portalUserTypes.id, name: portalUserTypes.name, signInMethod: portalUserTypes.signInMethod, isDefault: portalUserTypes.isDefault })
    .from(portalUserTypes)
    .where(and(eq(portalUserTypes.workspaceId, workspaceId), eq(portalUserTypes.id, id)));
  if (!row) throw new AppError("NOT_FOUND", undefined, "That user type does not exist in this workspace. Reload the page.");
  return row;
}

async function nameTaken(tx: Tx, workspaceId: string, name: string, exceptId?: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(portalUserTypes)
    .where(
      and(
        eq(portalUserTypes.workspaceId, workspaceId),
        sql`lower(${portalUserTypes.name}) = lower(${name})`,
        exceptId ? ne(portalUserTypes.id, exceptId) : undefined,
      ),
    );
  return row.n > 0;
}

/** Adds a user type (invitations by email); a workspace's first type becomes the default. */
export async function createUserType(ctx: OpsCtx, raw: CreateUserTypeInput) {
  const input = createUserTypeSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    await lockTypes(tx, w);
    if (await nameTaken(tx, w, input.name)) throw new AppError("USER_TYPE_NAME_TAKEN", "name");
    const [existing] = await tx.select({ n: count() }).from(portalUserTypes).where(and(eq(portalUserTypes.workspaceId, w), eq(portalUserTypes.isDefault, true)));
    const [row] = await tx
      .insert(portalUserTypes)
      .values({ workspaceId: w, name: input.name, invitationPreference: "email", signInMethod: input.signInMethod, isDefault: existing.n === 0 })
      .returning({ id: portalUserTypes.id, name: portalUserTypes.name, isDefault: portalUserTypes.isDefault });
    await audit(tx, ctx, {
      action: "user_type.create",
      targetType: "portal_user_type",
      targetId: row.id,
      summary: `Added the user type ${row.name} (${signInMethodLabels[input.signInMethod].toLowerCase()})`,
      data: { name: row.name, signInMethod: input.signInMethod, isDefault: row.isDefault },
    });
    return row;
  });
}

/**
 * Renames a type or changes how its clients sign in. A new method applies from their next sign-in: links and
 * sessions they already have keep working.
 */
export async function updateUserType(ctx: OpsCtx, raw: UpdateUserTypeInput) {
  const input = updateUserTypeSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    await lockTypes(tx, w);
    const before = await findType(tx, w, input.id);
    if (before.signInMethod !== "email_link" && before.signInMethod !== "email_code") throw new AppError("USER_TYPE_SMS", "signInMethod");
    if (await nameTaken(tx, w, input.name, input.id)) throw new AppError("USER_TYPE_NAME_TAKEN", "name");
    await tx
      .update(portalUserTypes)
      .set({ name: input.name, signInMethod: input.signInMethod })
      .where(and(eq(portalUserTypes.workspaceId, w), eq(portalUserTypes.id, input.id)));
    await audit(tx, ctx, {
      action: "user_type.update",
      targetType: "portal_user_type",
      targetId: input.id,
      summary: `Updated the user type ${input.name}`,
      data: { before: { name: before.name, signInMethod: before.signInMethod }, after: { name: input.name, signInMethod: input.signInMethod } },
    });
    return { id: input.id, name: input.name, signInMethod: input.signInMethod };
  });
}

/** Makes a type the one invitations use when none is picked; the old default is cleared in the same transaction. */
export async function makeDefaultUserType(ctx: OpsCtx, raw: UserTypeIdInput) {
  const input = userTypeIdSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    await lockTypes(tx, w);
    const row = await findType(tx, w, input.id);
    if (row.isDefault) return { id: row.id, changed: false };
    await tx.update(portalUserTypes).set({ isDefault: false }).where(and(eq(portalUserTypes.workspaceId, w), eq(portalUserTypes.isDefault, true)));
    await tx.update(portalUserTypes).set({ isDefault: true }).where(and(eq(portalUserTypes.workspaceId, w), eq(portalUserTypes.id, row.id)));
    await audit(tx, ctx, { action: "user_type.make_default", targetType: "portal_user_type", targetId: row.id, summary: `Made ${row.name} the default user type` });
    return { id: row.id, changed: true };
  });
}
