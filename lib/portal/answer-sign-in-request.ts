import "server-only";
import { getDb } from "@/lib/db";
import type { Identifier } from "./identifier";
import { atLeast } from "./portal-form";
import { pendingSignInFrom, seeOther, type PortalRequest } from "./portal-request";
import { pendingSignInCookie } from "./pending-sign-in";
import { requestSignIn } from "./request-sign-in";

const same = (a: Identifier, b: Identifier) => a.channel === b.channel && a.address === b.address;

/**
 * The answer to "send me a code or link" (the sign-in form and the check page's Resend): the same redirect, cookie
 * shape and padded time whether or not the identifier has an account. A new message binds this browser to a new
 * pending sign-in; while the identifier's cooldown runs nothing is sent, and a browser already waiting for it keeps
 * its pending sign-in (the code it was sent still works here).
 */
export async function answerSignInRequest(portal: PortalRequest, identifier: Identifier, request: Request): Promise<Response> {
  const w = portal.workspace.id;
  const outcome = await atLeast(400, requestSignIn(getDb(), { workspace: portal.workspace, identifier, ip: portal.ip }));
  if (outcome.sent) return seeOther("/sign-in/check-email", [pendingSignInCookie({ workspaceId: w, identifier, challengeId: outcome.challengeId }, portal.secure)]);
  const held = pendingSignInFrom(request.headers, w);
  const keep = held ? same(held.identifier, identifier) : false;
  return seeOther("/sign-in/check-email?wait=1", keep ? [] : [pendingSignInCookie({ workspaceId: w, identifier, challengeId: null }, portal.secure)]);
}
