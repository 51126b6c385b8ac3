import { getDb } from "@/lib/db";
import { portalForm } from "@/lib/portal/portal-form";
import { clearSessionCookie, seeOther, sessionTokenFrom } from "@/lib/portal/portal-request";
import { revokePortalSession } from "@/lib/portal/sessions";

export const POST = portalForm(
  () => "/",
  async (portal, _form, request) => {
    const token = sessionTokenFrom(request.headers, portal.secure);
    if (token) await revokePortalSession(getDb(), { token, workspaceId: portal.workspace.id });
    return seeOther("/sign-in?signed_out=1", [clearSessionCookie(portal.secure)]);
  },
);
