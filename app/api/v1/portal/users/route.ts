import { apiRoute, json, readQuery } from "@/lib/api/api-route";
import { listPortalUsersQuerySchema } from "@/lib/api/schemas";
import { isPortalUserCursor, listPortalUsers } from "@/lib/db/queries/portal-users";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// A page of portal users in one state, newest invitation first; follow nextCursor until it is null.
export const GET = apiRoute(async (ctx, req) => {
  const q = readQuery(req, listPortalUsersQuerySchema);
  if (q.cursor && !isPortalUserCursor(q.cursor)) {
    throw new AppError("VALIDATION_FAILED", "cursor", "That cursor is not one this list made. Start again without it.");
  }
  const page = await listPortalUsers(ctx.db, { workspaceId: ctx.workspace.id, status: q.status, q: q.q, after: q.cursor, limit: q.limit });
  return json({ data: page.rows, nextCursor: page.next });
});
