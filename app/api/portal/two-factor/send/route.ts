import { getDb } from "@/lib/db";
import { field, portalForm } from "@/lib/portal/portal-form";
import { seeOther, sessionTokenFrom } from "@/lib/portal/portal-request";
import { browserHoldFrom, safeNext, twoFactorCookie } from "@/lib/portal/two-factor/cookie";
import { loadPending } from "@/lib/portal/two-factor/pending";
import { sendTwoFactorCode } from "@/lib/portal/two-factor/send-code";
import { startSessionCheck } from "@/lib/portal/two-factor/start-session-check";

const back = (form: FormData) => {
  const next = safeNext(field(form, "next", 300));
  const reauth = field(form, "reauth", 5) === "1";
  const q = [reauth ? "reauth=1" : "", next !== "/" ? `next=${encodeURIComponent(next)}` : ""].filter(Boolean).join("&");
  return `/verify${q ? `?${q}` : ""}`;
};

// "Text and email me a code" / "Email me the code only" / resend. The address comes from the contact on file, the
// pending sign-in from this browser's cookie; a signed-in client without one (step-up, re-auth) gets one here.
export const POST = portalForm(back, async (portal, form, request) => {
  const db = getDb();
  const w = portal.workspace.id;
  let hold = browserHoldFrom(request.headers, portal.secure);
  const cookies: string[] = [];
  if (!(await loadPending(db, { workspaceId: w, host: portal.host, hold }))) {
    const started = await startSessionCheck(db, { workspaceId: w, host: portal.host, sessionToken: sessionTokenFrom(request.headers, portal.secure), next: field(form, "next", 300), hold });
    // Already signed in with both factors: nothing to ask.
    if (!started) return seeOther(safeNext(field(form, "next", 300)));
    hold = { pendingId: started.pendingId, secret: started.secret };
    cookies.push(twoFactorCookie(started.pendingId, started.secret, portal.secure));
  }
  const choice = field(form, "channel", 10) === "email" ? "email" : "both";
  const out = await sendTwoFactorCode(db, { workspace: portal.workspace, host: portal.host, hold, choice, ip: portal.ip });
  const sent = out.channels.includes("sms") ? "both" : "email";
  const base = back(form);
  return seeOther(`${base}${base.includes("?") ? "&" : "?"}sent=${sent}${out.smsProblem && choice === "both" ? "&sms=0" : ""}`, cookies);
});
