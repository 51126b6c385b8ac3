import "server-only";
// Email profiles: the from name and address a workspace's client emails are sent from. Exactly one is the default
// (the one invitations and login emails use); with none, client email is refused rather than sent from us.
import { and, asc, count, desc, eq, ne } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/lib/db";
import { emailProfiles, workspaces } from "@/lib/db/schema";
import { audit } from "@/lib/audit";
import { getDomain } from "tldts";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/portal/ops-context";
import {
  createEmailProfileSchema,
  emailProfileIdSchema,
  updateEmailProfileSchema,
  type CreateEmailProfileInput,
  type EmailProfileIdInput,
  type UpdateEmailProfileInput,
} from "@/components/admin/email-settings/schemas";

export {
  createEmailProfileSchema,
  emailProfileIdSchema,
  updateEmailProfileSchema,
  type CreateEmailProfileInput,
  type EmailProfileIdInput,
  type UpdateEmailProfileInput,
} from "@/components/admin/email-settings/schemas";

export type EmailProfileRow = { id: string; fromName: string; fromAddress: string; replyTo: string | null; isDefault: boolean; createdAt: Date };

const columns = {
  id: emailProfiles.id,
  fromName: emailProfiles.fromName,
  fromAddress: emailProfiles.fromAddress,
  replyTo: emailProfiles.replyTo,
  isDefault: emailProfiles.isDefault,
  createdAt: emailProfiles.createdAt,
};

/** A workspace's profiles, the default first, then oldest first. */
export async function listEmailProfiles(db: DbOrTx, p: { workspaceId: string }): Promise<EmailProfileRow[]> {
  return db
    .select(columns)
    .from(emailProfiles)
    .where(eq(emailProfiles.workspaceId, p.workspaceId))
    .orderBy(desc(emailProfiles.isDefault), asc(emailProfiles.createdAt), asc(emailProfiles.id));
}

/**
 * Every change that can move the default takes this lock first (the workspace row, FOR NO KEY UPDATE, so inserts
 * that merely reference the workspace are not blocked): two changes at once take turns, and the one-default
 * partial unique index never sees two defaults, even for a moment.
 */
async function lockProfiles(tx: Tx, workspaceId: string) {
  const [ws] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("no key update");
  if (!ws) throw new AppError("WORKSPACE_NOT_FOUND");
}

async function findProfile(tx: Tx, workspaceId: string, id: string) {
  const [row] = await tx
    .select(columns)
    .from(emailProfiles)
    .where(and(eq(emailProfiles.workspaceId, workspaceId), eq(emailProfiles.id, id)));
  if (!row) throw new AppError("NOT_FOUND", undefined, "That email profile does not exist in this workspace. Reload the page.");
  return row;
}

const label = (p: { fromName: string; fromAddress: string }) => `${p.fromName} <${p.fromAddress}>`;

/**
 * The platform's own sending domains (EMAIL_FROM's, the app host's and the portal root's, with their subdomains) are
 * not a workspace's to send from: otherwise any tenant could mail clients as the platform. Other domains must still
 * be verified in the Resend account, which refuses the rest.
 */
function refusePlatformAddress(fields: { fromAddress: string; replyTo?: string | null }) {
  const own = [env.emailFrom.match(/@([^>\s]+)/)?.[1], new URL(env.appUrl).hostname, env.portalRootDomain]
    .filter((d): d is string => !!d)
    .map((d) => (getDomain(d) ?? d).toLowerCase());
  for (const [field, address] of [["fromAddress", fields.fromAddress], ["replyTo", fields.replyTo ?? ""]] as const) {
    const host = address.split("@")[1]?.toLowerCase();
    if (host && own.some((d) => host === d || host.endsWith(`.${d}`))) throw new AppError("EMAIL_FROM_RESERVED", field);
  }
}

/** Adds a sender; the workspace's first profile (or any, while none is the default) becomes the default at once. */
export async function createEmailProfile(ctx: OpsCtx, raw: CreateEmailProfileInput): Promise<EmailProfileRow> {
  const input = createEmailProfileSchema.parse(raw);
  refusePlatformAddress(input);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    await lockProfiles(tx, w);
    const [current] = await tx
      .select({ id: emailProfiles.id })
      .from(emailProfiles)
      .where(and(eq(emailProfiles.workspaceId, w), eq(emailProfiles.isDefault, true)));
    const [row] = await tx
      .insert(emailProfiles)
      .values({ workspaceId: w, fromName: input.fromName, fromAddress: input.fromAddress, replyTo: input.replyTo || null, isDefault: !current })
      .returning(columns);
    await audit(tx, ctx, {
      action: "email_profile.create",
      targetType: "email_profile",
      targetId: row.id,
      summary: `Added the email profile ${label(row)}${row.isDefault ? " (default)" : ""}`,
      data: { fromName: row.fromName, fromAddress: row.fromAddress, replyTo: row.replyTo, isDefault: row.isDefault },
    });
    return row;
  });
}

/** Changes a profile's name and addresses; which profile is the default stays as it is. */
export async function updateEmailProfile(ctx: OpsCtx, raw: UpdateEmailProfileInput): Promise<EmailProfileRow> {
  const input = updateEmailProfileSchema.parse(raw);
  refusePlatformAddress(input);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const before = await findProfile(tx, w, input.id);
    const [row] = await tx
      .update(emailProfiles)
      .set({ fromName: input.fromName, fromAddress: input.fromAddress, replyTo: input.replyTo || null })
      .where(and(eq(emailProfiles.workspaceId, w), eq(emailProfiles.id, input.id)))
      .returning(columns);
    if (!row) throw new AppError("NOT_FOUND", undefined, "That email profile does not exist in this workspace. Reload the page.");
    await audit(tx, ctx, {
      action: "email_profile.update",
      targetType: "email_profile",
      targetId: row.id,
      summary: `Updated the email profile ${label(row)}`,
      data: {
        before: { fromName: before.fromName, fromAddress: before.fromAddress, replyTo: before.replyTo },
        after: { fromName: row.fromName, fromAddress: row.fromAddress, replyTo: row.replyTo },
      },
    });
    return row;
  });
}

/**
 * Deletes a profile. The default one goes only when it is the last (client email is then refused until a new one
 * is added); otherwise another profile must be made the default first, so sending never silently switches sender.
 */
export async function deleteEmailProfile(ctx: OpsCtx, raw: EmailProfileIdInput): Promise<{ id: string; wasDefault: boolean }> {
  const input = emailProfileIdSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    await lockProfiles(tx, w);
    const row = await findProfile(tx, w, input.id);
    if (row.isDefault) {
      const [others] = await tx
        .select({ n: count() })
        .from(emailProfiles)
        .where(and(eq(emailProfiles.workspaceId, w), ne(emailProfiles.id, row.id)));
      if (others.n > 0) throw new AppError("EMAIL_PROFILE_IS_DEFAULT");
    }
    await tx.delete(emailProfiles).where(and(eq(emailProfiles.workspaceId, w), eq(emailProfiles.id, row.id)));
    await audit(tx, ctx, {
      action: "email_profile.delete",
      targetType: "email_profile",
      targetId: row.id,
      summary: `Deleted the email profile ${label(row)}${row.isDefault ? " (the default: client email is refused until a new profile is added)" : ""}`,
      data: { fromName: row.fromName, fromAddress: row.fromAddress, wasDefault: row.isDefault },
    });
    return { id: row.id, wasDefault: row.isDefault };
  });
}

/**
 * Makes a profile the one client emails are sent from: the old default is cleared and the new one set in one
 * transaction, under the workspace lock, so concurrent calls leave exactly one default.
 */
export async function makeDefaultEmailProfile(ctx: OpsCtx, raw: EmailProfileIdInput): Promise<{ id: string; previousId: string | null; changed: boolean }> {
  const input = emailProfileIdSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    await lockProfiles(tx, w);
    const row = await findProfile(tx, w, input.id);
    if (row.isDefault) return { id: row.id, previousId: row.id, changed: false };
    const previous = await tx
      .update(emailProfiles)
      .set({ isDefault: false })
      .where(and(eq(emailProfiles.workspaceId, w), eq(emailProfiles.isDefault, true)))
      .returning({ id: emailProfiles.id });
    await tx
      .update(emailProfiles)
      .set({ isDefault: true })
      .where(and(eq(emailProfiles.workspaceId, w), eq(emailProfiles.id, row.id)));
    const previousId = previous[0]?.id ?? null;
    await audit(tx, ctx, {
      action: "email_profile.make_default",
      targetType: "email_profile",
      targetId: row.id,
      summary: `Made ${label(row)} the default email profile`,
      data: { previousDefaultId: previousId },
    });
    return { id: row.id, previousId, changed: true };
  });
}
