import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { emailProfiles } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { emailProfileFieldsSchema } from "./email-settings-schema";
import { lockProfiles, profileColumns, profileLabel, refusePlatformAddress, type EmailProfileRow } from "./email-profile-rules";

export const createEmailProfileSchema = emailProfileFieldsSchema;
export type CreateEmailProfileInput = z.infer<typeof createEmailProfileSchema>;

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
      .returning(profileColumns);
    await audit(tx, ctx, {
      action: "email_profile.create",
      targetType: "email_profile",
      targetId: row.id,
      summary: `Added the email profile ${profileLabel(row)}${row.isDefault ? " (default)" : ""}`,
      data: { fromName: row.fromName, fromAddress: row.fromAddress, replyTo: row.replyTo, isDefault: row.isDefault },
    });
    return row;
  });
}
