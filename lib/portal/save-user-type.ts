import "server-only";
// Portal user types: what kind of client someone is (Client, Partner, …) and how they sign in. Exactly one is the
// default, the one an invitation uses when no type is picked.
import { and, asc, count, desc, eq, ne, sql } from "drizzle-orm";
import { getSmsReadiness } from "@/lib/sms/sms-readiness";
import type { DbOrTx, Tx } from "@/lib/db";
import { portalUserTypes, workspaces } from "@/lib/db/schema";
import { audit } from "@/lib/audit";
import { publishChange } from "@/lib/changes/publish-change";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { userTypeColumns } from "./user-types";
import {
  createUserTypeSchema,
  preferenceOf,
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
  forms: number;
};

/** The workspace's user types with how many portal users and portal forms each has, default first. */
export async function listUserTypesWithCounts(db: DbOrTx, p: { workspaceId: string }): Promise<UserTypeRow[]> {
  return db
    .select({
      ...userTypeColumns,
      // Qualified by hand: inside a subquery drizzle writes a bare "id", which would name the subquery's own table.
      users: sql<number>`(select count(*)::int from portal_users pu where pu.workspace_id = ${p.workspaceId} and pu.user_type_id = "portal_user_types"."id")`,
      forms: sql<number>`(select count(*)::int from portal_forms pf where pf.workspace_id = ${p.workspaceId} and pf.user_type_id = "portal_user_types"."id")`,
    })
    .from(portalUserTypes)
    .where(eq(portalUserTypes.workspaceId, p.workspaceId))
    .orderBy(desc(portalUserTypes.isDefault), asc(portalUserTypes.name));
}

/**
 * A type may become a phone type only when SMS can carry everything its clients are sent: Notification SMS on, and
 * each SMS template mapped to an approved DLT template that matches. The error names what is missing.
 */
async function requirePhoneReady(tx: Tx, workspaceId: string) {
  const r = await getSmsReadiness(tx, { workspaceId });
  if (r.ready) return;
  const missing = [
    ...(r.enabled ? [] : ["turn Notification SMS on"]),
    ...Object.values(r.kinds)
      .filter((k) => !k.ready)
      .map((k) => k.problem ?? "an SMS template is not ready"),
  ];
  throw new AppError("USER_TYPE_PHONE_NOT_READY", "signInMethod", `Phone invitations need SMS set up first: ${missing.join(", ")} (Settings → SMS).`);
}

/**
 * How a type invites (email or phone) may change only while it has no portal users and no portal forms: its clients
 * were invited and sign in on that channel. Takes the type row FOR UPDATE; an invitation into the type holds it FOR
 * SHARE while it adds its user, so the two take turns and the count below is the truth when it is read.
 */
async function requirePreferenceUnlocked(tx: Tx, workspaceId: string, typeId: string) {
  await tx.select({ id: portalUserTypes.id }).from(portalUserTypes).where(and(eq(portalUserTypes.workspaceId, workspaceId), eq(portalUserTypes.id, typeId))).for("update");
  const [used] = await tx
    .select({
      users: sql<number>`(select count(*)::int from portal_users pu where pu.workspace_id = ${workspaceId} and pu.user_type_id = ${typeId})`,
      forms: sql<number>`(select count(*)::int from portal_forms pf where pf.workspace_id = ${workspaceId} and pf.user_type_id = ${typeId})`,
    })
    .from(portalUserTypes)
    .where(and(eq(portalUserTypes.workspaceId, workspaceId), eq(portalUserTypes.id, typeId)));
  if (used && (used.users > 0 || used.forms > 0)) throw new AppError("USER_TYPE_PREFERENCE_LOCKED", "signInMethod");
}

/** Changes to the default take turns on the workspace row, so two at once still leave exactly one default. */
async function lockTypes(tx: Tx, workspaceId: string) {
  const [ws] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("no key update");
  if (!ws) throw new AppError("WORKSPACE_NOT_FOUND");
}

async function findType(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select({
      id: portalUserTypes.id,
      name: portalUserTypes.name,
      signInMethod: portalUserTypes.signInMethod,
      invitationPreference: portalUserTypes.invitationPreference,
      isDefault: portalUserTypes.isDefault,
    })
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

/** Adds a user type (invitations by email, or by phone for SMS codes); a workspace's first type becomes the default. */
export async function createUserType(ctx: OpsCtx, raw: CreateUserTypeInput) {
  const input = createUserTypeSchema.parse(raw);
  const w = ctx.workspace.id;
  const preference = preferenceOf(input.signInMethod);
  return ctx.db.transaction(async (tx) => {
    await lockTypes(tx, w);
    if (preference === "phone") await requirePhoneReady(tx, w);
    if (await nameTaken(tx, w, input.name)) throw new AppError("USER_TYPE_NAME_TAKEN", "name");
    const [existing] = await tx.select({ n: count() }).from(portalUserTypes).where(and(eq(portalUserTypes.workspaceId, w), eq(portalUserTypes.isDefault, true)));
    const [row] = await tx
      .insert(portalUserTypes)
      .values({ workspaceId: w, name: input.name, invitationPreference: preference, signInMethod: input.signInMethod, isDefault: existing.n === 0 })
      .returning({ id: portalUserTypes.id, name: portalUserTypes.name, isDefault: portalUserTypes.isDefault });
    await audit(tx, ctx, {
      action: "user_type.create",
      targetType: "portal_user_type",
      targetId: row.id,
      summary: `Added the user type ${row.name} (${signInMethodLabels[input.signInMethod].toLowerCase()})`,
      data: { name: row.name, signInMethod: input.signInMethod, isDefault: row.isDefault },
    });
    await publishChange(tx, { kind: "workspace", workspaceId: w });
    return row;
  });
}

/**
 * Renames a type or changes how its clients sign in. A new method applies from their next sign-in: links and
 * sessions they already have keep working. Moving between email and phone changes the invitation preference, which
 * is locked once the type has users or forms (USER_TYPE_PREFERENCE_LOCKED).
 */
export async function updateUserType(ctx: OpsCtx, raw: UpdateUserTypeInput) {
  const input = updateUserTypeSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    await lockTypes(tx, w);
    const before = await findType(tx, w, input.id);
    if (before.signInMethod === "link_and_code") throw new AppError("USER_TYPE_SMS", "signInMethod");
    const preference = preferenceOf(input.signInMethod);
    if (preference !== before.invitationPreference) {
      await requirePreferenceUnlocked(tx, w, input.id);
      if (preference === "phone") await requirePhoneReady(tx, w);
    }
    if (await nameTaken(tx, w, input.name, input.id)) throw new AppError("USER_TYPE_NAME_TAKEN", "name");
    await tx
      .update(portalUserTypes)
      .set({ name: input.name, signInMethod: input.signInMethod, invitationPreference: preference })
      .where(and(eq(portalUserTypes.workspaceId, w), eq(portalUserTypes.id, input.id)));
    await audit(tx, ctx, {
      action: "user_type.update",
      targetType: "portal_user_type",
      targetId: input.id,
      summary: `Updated the user type ${input.name}`,
      data: { before: { name: before.name, signInMethod: before.signInMethod }, after: { name: input.name, signInMethod: input.signInMethod } },
    });
    await publishChange(tx, { kind: "workspace", workspaceId: w }); // how its clients sign in, on public pages too
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
    await publishChange(tx, { kind: "workspace", workspaceId: w });
    return { id: row.id, changed: true };
  });
}
