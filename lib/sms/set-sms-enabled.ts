import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { publishChange } from "@/lib/changes/publish-change";
import { workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

export const setSmsEnabledSchema = z.object({ enabled: z.boolean({ message: "Choose on or off." }) });
export type SetSmsEnabledInput = z.infer<typeof setSmsEnabledSchema>;

/**
 * Turns Notification SMS on or off. On only for a workspace in India (SMS go out under DLT-registered templates);
 * the country is read under the row lock, so a country change in flight cannot slip past.
 */
export async function setSmsEnabled(ctx: OpsCtx, raw: SetSmsEnabledInput): Promise<{ enabled: boolean }> {
  const { enabled } = setSmsEnabledSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [ws] = await tx.select({ country: workspaces.country, sms: workspaces.smsSettings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("update");
    if (!ws) throw new AppError("WORKSPACE_NOT_FOUND");
    if (enabled && ws.country !== "IN") throw new AppError("SMS_COUNTRY_NOT_IN", "enabled");
    if ((ws.sms.enabled === true) === enabled) return { enabled };
    await tx
      .update(workspaces)
      .set({ smsSettings: sql`${workspaces.smsSettings} || jsonb_build_object('enabled', ${enabled}::boolean)`, updatedAt: new Date() })
      .where(eq(workspaces.id, ctx.workspace.id));
    await audit(tx, ctx, { action: enabled ? "sms.enable" : "sms.disable", targetType: "workspace", targetId: ctx.workspace.id, summary: `Turned Notification SMS ${enabled ? "on" : "off"}` });
    await publishChange(tx, { kind: "workspace", workspaceId: ctx.workspace.id }); // the sign-in page takes numbers or not
    return { enabled };
  });
}
