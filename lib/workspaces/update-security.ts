import "server-only";
import { eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { publishChange } from "@/lib/changes/publish-change";
import type { DbOrTx } from "@/lib/db";
import { workspaces, type SecuritySettings } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import {
  MAGIC_LINK_DAYS,
  SESSION_ABSOLUTE_HOURS,
  SESSION_IDLE_MINUTES,
  securitySettingsSchema,
  type SecuritySettingsInput,
  type SecuritySettingsValues,
} from "@/lib/portal/portal-settings-schema";

/** The workspace's link and session lifetimes, with the defaults filled in (what sign-in actually uses). */
export async function getSecuritySettings(db: DbOrTx, p: { workspaceId: string }): Promise<SecuritySettingsValues> {
  const [row] = await db.select({ s: workspaces.securitySettings }).from(workspaces).where(eq(workspaces.id, p.workspaceId));
  const s = row?.s ?? {};
  return {
    magicLinkDays: s.magicLinkDays ?? MAGIC_LINK_DAYS.default,
    sessionIdleMinutes: s.sessionIdleMinutes ?? SESSION_IDLE_MINUTES.default,
    sessionAbsoluteHours: s.sessionAbsoluteHours ?? SESSION_ABSOLUTE_HOURS.default,
  };
}

/**
 * Saves how long personal links and single-factor sessions last. New links and sessions use the new values;
 * existing ones keep the expiry they were issued with (a shorter setting does not cut them short).
 */
export async function updateSecuritySettings(ctx: OpsCtx, raw: SecuritySettingsInput): Promise<SecuritySettingsValues> {
  const input = securitySettingsSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ s: workspaces.securitySettings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("no key update");
    const next: SecuritySettings = { ...(row?.s ?? {}), ...input };
    await tx.update(workspaces).set({ securitySettings: next }).where(eq(workspaces.id, ctx.workspace.id));
    await audit(tx, ctx, {
      action: "workspace.security_update",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      summary: `Portal links last ${input.magicLinkDays} days; sessions end after ${input.sessionIdleMinutes} idle minutes or ${input.sessionAbsoluteHours} hours`,
      data: { before: row?.s ?? {}, after: next },
    });
    await publishChange(tx, { kind: "workspace", workspaceId: ctx.workspace.id });
  });
  return input;
}
