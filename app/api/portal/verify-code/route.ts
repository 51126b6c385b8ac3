import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { atLeast, field, portalForm } from "@/lib/portal/portal-form";
import { clearPendingEmailCookie, pendingEmailFrom, seeOther, sessionCookie } from "@/lib/portal/portal-request";
import { signInWithCode } from "@/lib/portal/sign-in";

export const POST = portalForm(
  () => "/sign-in/check-email",
  async (portal, form, request) => {
    const email = pendingEmailFrom(request.headers, portal.secure);
    if (!email) throw new AppError("SESSION_EXPIRED");
    // Padded like the email step: a known address costs a few more queries than an unknown one.
    const session = await atLeast(
      250,
      signInWithCode(getDb(), { workspaceId: portal.workspace.id, email, code: field(form, "code", 20), host: portal.host, ip: portal.ip }),
    );
    return seeOther("/", [sessionCookie(session.token, session.expiresAt, portal.secure), clearPendingEmailCookie(portal.secure)]);
  },
);
