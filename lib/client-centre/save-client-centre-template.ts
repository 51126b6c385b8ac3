import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { clientCentreTemplates } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { assertValidInvitation, BODY_MAX, ensureDefaultTemplate, joinBody, SUBJECT_MAX, templateNameConflict } from "./client-centre-templates";

// The editor posts the text before and after the locked system tag (so the tag cannot be removed in the UI); an API
// caller may post the whole body instead. Either way the server checks the tag.
export const clientCentreTemplateTextSchema = z
  .object({
    subject: z.string().trim().min(1, "Write a subject line.").max(SUBJECT_MAX, `Keep the subject under ${SUBJECT_MAX} characters.`),
    body: z.string().max(BODY_MAX, `Keep the body under ${BODY_MAX} characters.`).optional(),
    bodyBefore: z.string().max(BODY_MAX, `Keep the body under ${BODY_MAX} characters.`).optional(),
    bodyAfter: z.string().max(BODY_MAX, `Keep the body under ${BODY_MAX} characters.`).optional(),
  })
  .transform(({ subject, body, bodyBefore, bodyAfter }) => ({
    subject,
    body: (body ?? (bodyBefore !== undefined || bodyAfter !== undefined ? joinBody(bodyBefore ?? "", bodyAfter ?? "") : "")).replace(/\r\n/g, "\n"),
  }));

export const saveClientCentreTemplateSchema = z
  .object({
    id: z.uuid("That template does not exist.").optional(),
    name: z.string().trim().min(1, "Give the template a name.").max(100, "Keep the name under 100 characters."),
    makeDefault: z.boolean().optional(),
  })
  .and(clientCentreTemplateTextSchema);
export type SaveClientCentreTemplateInput = z.input<typeof saveClientCentreTemplateSchema>;

/** Creates or updates a named invitation template; the body must keep {{client_centre.link}} exactly once. */
export async function saveClientCentreTemplate(ctx: OpsCtx, raw: SaveClientCentreTemplateInput): Promise<{ id: string }> {
  const input = saveClientCentreTemplateSchema.parse(raw);
  assertValidInvitation(input);
  const w = ctx.workspace.id;
  try {
    return await ctx.db.transaction(async (tx) => {
      await ensureDefaultTemplate(tx, { workspaceId: w });
      let id = input.id;
      if (id) {
        const [row] = await tx
          .update(clientCentreTemplates)
          .set({ name: input.name, subject: input.subject, body: input.body, updatedAt: new Date() })
          .where(and(eq(clientCentreTemplates.workspaceId, w), eq(clientCentreTemplates.id, id)))
          .returning({ id: clientCentreTemplates.id });
        if (!row) throw new AppError("NOT_FOUND", "id", "That invitation template does not exist in this workspace.");
      } else {
        const [row] = await tx
          .insert(clientCentreTemplates)
          .values({ workspaceId: w, name: input.name, subject: input.subject, body: input.body })
          .returning({ id: clientCentreTemplates.id });
        id = row.id;
      }
      if (input.makeDefault) await setDefault(tx, w, id);
      await audit(tx, ctx, {
        action: input.id ? "client_centre_template.update" : "client_centre_template.create",
        targetType: "client_centre_template",
        targetId: id,
        summary: `${input.id ? "Updated" : "Created"} the invitation template “${input.name}”`,
      });
      return { id };
    });
  } catch (e) {
    throw templateNameConflict(e);
  }
}

export const makeDefaultClientCentreTemplateSchema = z.object({ id: z.uuid("That template does not exist.") });

/** Makes one template the default: the old default is cleared first in the same transaction (one default index). */
export async function makeDefaultClientCentreTemplate(ctx: OpsCtx, raw: z.input<typeof makeDefaultClientCentreTemplateSchema>) {
  const { id } = makeDefaultClientCentreTemplateSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ name: clientCentreTemplates.name })
      .from(clientCentreTemplates)
      .where(and(eq(clientCentreTemplates.workspaceId, ctx.workspace.id), eq(clientCentreTemplates.id, id)))
      .for("update");
    if (!row) throw new AppError("NOT_FOUND", "id", "That invitation template does not exist in this workspace.");
    await setDefault(tx, ctx.workspace.id, id);
    await audit(tx, ctx, { action: "client_centre_template.make_default", targetType: "client_centre_template", targetId: id, summary: `Made “${row.name}” the default invitation template` });
    return { id };
  });
}

async function setDefault(tx: Tx, workspaceId: string, id: string) {
  await tx
    .update(clientCentreTemplates)
    .set({ isDefault: false })
    .where(and(eq(clientCentreTemplates.workspaceId, workspaceId), eq(clientCentreTemplates.isDefault, true), ne(clientCentreTemplates.id, id)));
  await tx.update(clientCentreTemplates).set({ isDefault: true }).where(and(eq(clientCentreTemplates.workspaceId, workspaceId), eq(clientCentreTemplates.id, id)));
}
