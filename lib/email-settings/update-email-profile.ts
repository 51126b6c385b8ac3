import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { emailProfiles } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { emailProfileFieldsSchema, emailProfileIdField } from "./email-settings-schema";
import { findProfile, PROFILE_NOT_FOUND, profileColumns, profileLabel, refusePlatformAddress, type EmailProfileRow } from "./email-profile-rules";

export const updateEmailProfileSchema = emailProfileFieldsSchema.extend({ id: emailProfileIdField });
export type UpdateEmailProfileInput = z.infer<typeof updateEmailProfileSchema>;

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
      .returning(profileColumns);
    if (!row) throw new AppError("NOT_FOUND", undefined, PROFILE_NOT_FOUND);
    await audit(tx, ctx, {
      action: "email_profile.update",
      targetType: "email_profile",
      targetId: row.id,
      summary: `Updated the email profile ${profileLabel(row)}`,
      data: {
        before: { fromName: before.fromName, fromAddress: before.fromAddress, replyTo: before.replyTo },
        after: { fromName: row.fromName, fromAddress: row.fromAddress, replyTo: row.replyTo },
      },
    });
    return row;
  });
}
