import "server-only";
import { and, eq } from "drizzle-orm";
import type { OpsCtx } from "@/lib/ops-context";
import { audit } from "@/lib/audit";
import { contacts } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { contactConflict, displayName, toContactValues } from "./contact-values";
import type { UpdateContactInput } from "./update-contact.schema";

export { updateContactSchema, type UpdateContactInput } from "./update-contact.schema";

const fields = ["firstName", "lastName", "email", "phone", "company"] as const;

/** Edits a contact of the caller's workspace only (another workspace's id is NOT_FOUND); audits which fields changed. */
export async function updateContact(ctx: OpsCtx, input: UpdateContactInput): Promise<{ id: string; changed: string[] }> {
  const values = toContactValues(input, ctx.workspace.country);
  const where = and(eq(contacts.id, input.id), eq(contacts.workspaceId, ctx.workspace.id));
  try {
    return await ctx.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone, company: contacts.company })
        .from(contacts)
        .where(where)
        .for("update");
      if (!before) throw new AppError("NOT_FOUND");
      const changed = fields.filter((f) => before[f] !== values[f]);
      if (changed.length === 0) return { id: input.id, changed };
      await tx.update(contacts).set(values).where(where);
      await audit(tx, ctx, {
        action: "contact.update",
        targetType: "contact",
        targetId: input.id,
        summary: `Edited contact ${displayName(values)}`,
        data: { changed },
      });
      return { id: input.id, changed };
    });
  } catch (e) {
    throw contactConflict(e);
  }
}
