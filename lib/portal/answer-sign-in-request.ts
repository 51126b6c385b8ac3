import "server-only";
import { getDb } from "@/lib/db";
import { atLeast } from "./portal-form";
import { pendingSignInFrom, seeOther, type PortalRequest } from "./portal-request";
import { pendingSignInCookie } from "./pending-sign-in";
import { requestSignIn } from "./request-sign-in";

/**
 * The answer to "email me" (the sign-in form and the check-email page's Resend): the same redirect, cookie shape and
 * padded time whether or not the address has an account. A new email binds this browser to a new pending sign-in;
 * while the address's cooldown runs nothing is sent, and a browser already waiting for this address keeps its pending
 * sign-in (the code it was sent still works here).
 */
export async function answerSignInRequest(portal: PortalRequest, email: string, request: Request): Promise<Response> {
  const w = portal.workspace.id;
  const outcome = await atLeast(400, requestSignIn(getDb(), { workspace: portal.workspace, email, ip: portal.ip }));
  if (outcome.sent) return seeOther("/sign-in/check-email", [pendingSignInCookie({ workspaceId: w, email, challengeId: outcome.challengeId }, portal.secure)]);
  const keep = pendingSignInFrom(request.headers, w)?.email === email;
  return seeOther("/sign-in/check-email?wait=1", keep ? [] : [pendingSignInCookie({ workspaceId: w, email, challengeId: null }, portal.secure)]);
}
