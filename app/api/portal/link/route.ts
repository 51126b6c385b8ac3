import { getDb } from "@/lib/db";
import { linkPath } from "@/lib/portal/link-path";
import { field, portalForm } from "@/lib/portal/portal-form";
import { seeOther, sessionCookie } from "@/lib/portal/portal-request";
import { continueLink } from "@/lib/portal/sign-in";
import { browserHoldFrom, twoFactorCookie } from "@/lib/portal/two-factor/cookie";

const token = (form: FormData) => field(form, "token", 200).replace(/[^A-Za-z0-9_-]/g, "");

// The Continue button of a link page: only this POST uses a link (mail scanners follow GETs). A Client Centre link
// goes on to the code step with this browser holding the pending sign-in; other links sign in here.
export const POST = portalForm(
  (form) => linkPath(token(form)),
  async (portal, form, request) => {
    const hold = browserHoldFrom(request.headers, portal.secure);
    const out = await continueLink(getDb(), { workspaceId: portal.workspace.id, token: token(form), host: portal.host, ip: portal.ip, hold });
    if (out.kind === "pending") return seeOther("/verify", [twoFactorCookie(out.pendingId, out.secret, portal.secure)]);
    return seeOther("/", [sessionCookie(out.token, out.expiresAt, portal.secure)]);
  },
);
