import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { workspaces } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";

export const SMS_DAILY_CAP_MAX = 100_000;

export const setSmsDailyCapSchema = z.object({
  dailyCap: z.coerce
    .number({ message: "Enter how many SMS a day the workspace may send, e.g. 500." })
    .int("Enter a whole number of SMS, e.g. 500.")
    .min(1, "The daily cap is at least 1 SMS.")
    .max(SMS_DAILY_CAP_MAX, `The daily cap is at most ${SMS_DAILY_CAP_MAX.toLocaleString("en")} SMS.`),
});
export type SetSmsDailyCapInput = z.infer<typeof setSmsDailyCapSchema>;

/** The most SMS the workspace sends in a (UTC) day; reservations beyond it are refused (SMS_DAILY_CAP). */
export async function setSmsDailyCap(ctx: OpsCtx, raw: SetSmsDailyCapInput): Promise<{ dailyCap: number }> {
  const { dailyCap } = setSmsDailyCapSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({ smsSettings: sql`${workspaces.smsSettings} || jsonb_build_object('dailyCap', ${dailyCap}::int)`, updatedAt: new Date() })
      .where(eq(workspaces.id, ctx.workspace.id));
    await audit(tx, ctx, { action: "sms.daily_cap", targetType: "workspace", targetId: ctx.workspace.id, summary: `Set the daily SMS cap to ${dailyCap}`, data: { dailyCap } });
    return { dailyCap };
  });
}
