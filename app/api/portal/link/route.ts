import { getDb } from "@/lib/db";
import { linkPath } from "@/lib/portal/link-path";
import { field, portalForm } from "@/lib/portal/portal-form";
import { seeOther, sessionCookie } from "@/lib/portal/portal-request";
import { signInWithLink } from "@/lib/portal/sign-in";

const token = (form: FormData) => field(form, "token", 200).replace(/[^A-Za-z0-9_-]/g, "");

// The Continue button of a link page: only this POST uses a link (mail scanners follow GETs).
export const POST = portalForm(
  (form) => linkPath(token(form)),
  async (portal, form) => {
    const session = await signInWithLink(getDb(), { workspaceId: portal.workspace.id, token: token(form), host: portal.host, ip: portal.ip });
    return seeOther("/", [sessionCookie(session.token, session.expiresAt, portal.secure)]);
  },
);
