import { getDb } from "@/lib/db";
import { atLeast, field, portalForm } from "@/lib/portal/portal-form";
import { seeOther, sessionCookie, sessionTokenFrom } from "@/lib/portal/portal-request";
import { browserHoldFrom, clearTwoFactorCookie } from "@/lib/portal/two-factor/cookie";
import { verifyTwoFactorCode } from "@/lib/portal/two-factor/verify-code";

// The code box. Acts only on the pending sign-in this browser's cookie names; the new session replaces any older
// cookie (step-up and re-auth rotate the token) and the pending cookie is cleared.
export const POST = portalForm(
  () => "/verify",
  async (portal, form, request) => {
    const s = await atLeast(
      200,
      verifyTwoFactorCode(getDb(), {
        workspaceId: portal.workspace.id,
        host: portal.host,
        hold: browserHoldFrom(request.headers, portal.secure),
        sessionToken: sessionTokenFrom(request.headers, portal.secure),
        code: field(form, "code", 20),
        ip: portal.ip,
        userAgent: request.headers.get("user-agent"),
      }),
    );
    return seeOther(s.next, [sessionCookie(s.token, s.expiresAt, portal.secure), clearTwoFactorCookie(portal.secure)]);
  },
);
