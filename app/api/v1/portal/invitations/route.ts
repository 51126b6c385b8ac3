import { apiRoute, json, readJson } from "@/lib/api/api-route";
import { invitePortalUser, invitePortalUserSchema } from "@/lib/portal/invite-portal-user";

export const dynamic = "force-dynamic";

// "Invite to client portal" for a contact id or an email (the contact is created if new); the email is queued.
export const POST = apiRoute(async (ctx, req) => {
  const input = invitePortalUserSchema.parse(await readJson(req));
  const result = await invitePortalUser(ctx, input);
  return json({ data: result }, { status: result.outcome === "invited" ? 201 : 200 });
});
