import { apiRoute, json, readJson, readQuery } from "@/lib/api/api-route";
import { listContactsQuerySchema } from "@/lib/api/schemas";
import { createContact, createContactSchema } from "@/lib/contacts/create-contact";
import { decodeCursor, getContact, listContacts } from "@/lib/db/queries/contacts";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// A page of the workspace's contacts; follow nextCursor until it is null.
export const GET = apiRoute(async (ctx, req) => {
  const q = readQuery(req, listContactsQuerySchema);
  if (q.cursor && !decodeCursor(q.cursor, q.sort)) {
    throw new AppError("VALIDATION_FAILED", "cursor", "That cursor is not one this list made (or was made for another sort). Start again without it.");
  }
  const page = await listContacts(ctx.db, { workspaceId: ctx.workspace.id, q: q.q, sort: q.sort, after: q.cursor, limit: q.limit });
  return json({ data: page.rows, nextCursor: page.next });
});

// Adds a contact with the same rules as the admin form; a taken email or phone is 409 with its field.
export const POST = apiRoute(async (ctx, req) => {
  const input = createContactSchema.parse(await readJson(req));
  const { id } = await createContact(ctx, input);
  return json({ data: await getContact(ctx.db, { workspaceId: ctx.workspace.id, id }) }, { status: 201 });
});
