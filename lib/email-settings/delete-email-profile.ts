import "server-only";
import { and, count, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { emailProfiles } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { emailProfileIdField } from "./email-settings-schema";
import { findProfile, lockProfiles, profileLabel } from "./email-profile-rules";

export const deleteEmailProfileSchema = z.object({ id: emailProfileIdField });
export type DeleteEmailProfileInput = z.infer<typeof deleteEmailProfileSchema>;

/**
 * Deletes a profile. The default one goes only when it is the last (client email is then refused until a new one
 * is added); otherwise another profile must be made the default first, so sending never silently switches sender.
 */
export async function deleteEmailProfile(ctx: OpsCtx, raw: DeleteEmailProfileInput): Promise<{ id: string; wasDefault: boolean }> {
  const input = deleteEmailProfileSchema.parse(raw);
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
      summary: `Deleted the email profile ${profileLabel(row)}${row.isDefault ? " (the default: client email is refused until a new profile is added)" : ""}`,
      data: { fromName: row.fromName, fromAddress: row.fromAddress, wasDefault: row.isDefault },
    });
    return { id: row.id, wasDefault: row.isDefault };
  });
}
