import "server-only";
import type { OpsCtx } from "@/lib/ops-context";
import { audit } from "@/lib/audit";
import { contacts } from "@/lib/db/schema";
import { contactConflict, displayName, toContactValues } from "./contact-values";
import type { CreateContactInput } from "./create-contact.schema";

export { createContactSchema, type CreateContactInput } from "./create-contact.schema";

/** Adds one contact; a taken email or phone becomes a field error, and the audit event commits with the row. */
export async function createContact(ctx: OpsCtx, input: CreateContactInput): Promise<{ id: string }> {
  const values = toContactValues(input, ctx.workspace.country);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(contacts)
        .values({ workspaceId: ctx.workspace.id, createdBy: ctx.user.id, ...values })
        .returning({ id: contacts.id });
      await audit(tx, ctx, {
        action: "contact.create",
        targetType: "contact",
        targetId: row.id,
        summary: `Added contact ${displayName(values)}`,
      });
      return row;
    });
  } catch (e) {
    throw contactConflict(e);
  }
}
