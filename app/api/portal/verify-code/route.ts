import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { field, portalForm } from "@/lib/portal/portal-form";
import { clearPendingSignInCookie } from "@/lib/portal/pending-sign-in";
import { pendingSignInFrom, seeOther, sessionCookie } from "@/lib/portal/portal-request";
import { signInWithCode } from "@/lib/portal/sign-in";

// The code form: acts only on the challenge this browser's sealed pending sign-in names. No pending sign-in (absent,
// forged, tampered, expired) is refused before anything is counted or written. Not padded: a live challenge and one
// that names nothing run the same single statement (docs/ARCHITECTURE.md, "Code verification").
export const POST = portalForm(
  () => "/sign-in/check-email",
  async (portal, form, request) => {
    const pending = pendingSignInFrom(request.headers, portal.workspace.id);
    if (!pending) throw new AppError("SIGN_IN_PENDING_EXPIRED");
    const session = await signInWithCode(getDb(), {
      workspaceId: portal.workspace.id,
      challengeId: pending.challengeId,
      code: field(form, "code", 20),
      host: portal.host,
      ip: portal.ip,
    });
    return seeOther("/", [sessionCookie(session.token, session.expiresAt, portal.secure), clearPendingSignInCookie(portal.secure)]);
  },
);
