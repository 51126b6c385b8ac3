import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { emailProfiles } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { emailProfileIdField } from "./email-settings-schema";
import { findProfile, lockProfiles, profileLabel } from "./email-profile-rules";

export const makeDefaultEmailProfileSchema = z.object({ id: emailProfileIdField });
export type MakeDefaultEmailProfileInput = z.infer<typeof makeDefaultEmailProfileSchema>;

/**
 * Makes a profile the one client emails are sent from: the old default is cleared and the new one set in one
 * transaction, under the workspace lock, so concurrent calls leave exactly one default.
 */
export async function makeDefaultEmailProfile(
  ctx: OpsCtx,
  raw: MakeDefaultEmailProfileInput,
): Promise<{ id: string; previousId: string | null; changed: boolean }> {
  const input = makeDefaultEmailProfileSchema.parse(raw);
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
      summary: `Made ${profileLabel(row)} the default email profile`,
      data: { previousDefaultId: previousId },
    });
    return { id: row.id, previousId, changed: true };
  });
}
