import "server-only";
import { and, eq } from "drizzle-orm";
import type { OpsCtx } from "@/lib/ops-context";
import { audit } from "@/lib/audit";
import { contacts } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { displayName } from "./contact-values";
import type { DeleteContactInput } from "./delete-contact.schema";

export { deleteContactSchema, type DeleteContactInput } from "./delete-contact.schema";

/** Deletes a contact of the caller's workspace (its portal access and documents go with it, by cascade). */
export async function deleteContact(ctx: OpsCtx, input: DeleteContactInput): Promise<{ id: string }> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(contacts)
      .where(and(eq(contacts.id, input.id), eq(contacts.workspaceId, ctx.workspace.id)))
      .returning({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName });
    if (!row) throw new AppError("NOT_FOUND");
    await audit(tx, ctx, {
      action: "contact.delete",
      targetType: "contact",
      targetId: row.id,
      summary: `Deleted contact ${displayName(row)}`,
    });
    return { id: row.id };
  });
}
