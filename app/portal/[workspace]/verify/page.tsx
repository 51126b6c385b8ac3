import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { PortalCard, PortalShell, portalButtonClass, portalError, portalInputClass } from "@/components/portal/portal-shell";
import { TwoFactorResend } from "@/components/portal/two-factor-resend";
import { getDb } from "@/lib/db";
import { HOST_HEADER } from "@/lib/tenancy/headers";
import { sessionTokenFrom } from "@/lib/portal/portal-request";
import { browserHoldFrom, safeNext } from "@/lib/portal/two-factor/cookie";
import { requestIsSecure, verifyState } from "@/lib/portal/two-factor/verify-state";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ error?: string; next?: string; reauth?: string; sent?: string; sms?: string }>;
};

const secondaryButton =
  "inline-flex w-full items-center justify-center rounded-md bg-white px-4 py-2.5 text-sm font-semibold text-gray-800 shadow-sm ring-1 ring-inset ring-gray-300 hover:bg-gray-50 disabled:cursor-not-allowed disabled:opacity-60";

const CODE_ERRORS = new Set(["CODE_WRONG", "CODE_EXPIRED_OR_EXHAUSTED"]);

/**
 * The second factor: a code sent by text message and email at once to the numbers the business has on file (shown
 * masked, never in full), for the pending sign-in this browser holds or the session it is signed in with.
 */
export default async function Verify({ params, searchParams }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const sp = await searchParams;
  const h = await headers();
  const secure = requestIsSecure(h);
  const state = await verifyState(getDb(), {
    workspaceId: ws.id,
    host: h.get(HOST_HEADER) ?? "",
    hold: browserHoldFrom(h, secure),
    sessionToken: sessionTokenFrom(h, secure),
  });
  const name = ws.branding.portalName ?? ws.name;
  const next = sp.next ? safeNext(sp.next) : null;
  if (state.kind === "signed_in") redirect(next ?? "/");

  const support = ws.branding.supportEmail;
  const contact = support ? (
    <>
      write to {ws.name} at{" "}
      <a className="font-medium text-gray-900 underline" href={`mailto:${support}`}>
        {support}
      </a>
    </>
  ) : (
    <>contact {ws.name} the way you usually do</>
  );

  // The invitation was replaced or ran out while the code was on its way: only the business sends a new one.
  if (sp.error === "LINK_SUPERSEDED" || sp.error === "LINK_EXPIRED") {
    return (
      <PortalShell ws={ws}>
        <PortalCard title={sp.error === "LINK_SUPERSEDED" ? "This invitation was replaced" : "This invitation has expired"}>
          <p role="alert">
            {sp.error === "LINK_SUPERSEDED"
              ? `A newer invitation replaced the link you opened. Use the link in the latest email from ${ws.name}.`
              : "The invitation link you opened has expired."}
          </p>
          <p className="text-gray-600">If you can&apos;t find a working link, {contact} and ask for a new invitation.</p>
        </PortalCard>
      </PortalShell>
    );
  }

  if (state.kind === "none") {
    return (
      <PortalShell ws={ws}>
        <PortalCard title={sp.reauth ? "Please open your invitation again" : "This sign-in has expired"}>
          <p role="alert">
            {sp.reauth
              ? "Your secure session has ended, and for your safety it can't be renewed with a code any more. Open the link in the latest invitation email from " +
                ws.name +
                " again on this device."
              : `This sign-in has expired, or it was started in another browser. Open the link in the latest invitation email from ${ws.name} again on this device.`}
          </p>
          <p className="text-gray-600">If you can&apos;t find the email or the link no longer works, {contact} and ask for a new invitation.</p>
        </PortalCard>
      </PortalShell>
    );
  }

  const error = portalError(sp.error);
  const codeError = sp.error && CODE_ERRORS.has(sp.error);
  const reauth = state.purpose === "reauth" || !!sp.reauth;
  const formNext = state.next ?? next;
  const hidden = (
    <>
      {formNext && <input type="hidden" name="next" value={formNext} />}
      {reauth && <input type="hidden" name="reauth" value="1" />}
    </>
  );
  const both = state.sms.ok && state.phone;
  const where = both ? (
    <>
      your phone (<span className="font-medium whitespace-nowrap text-gray-900">{state.phone}</span>) and your email (
      <span className="font-medium whitespace-nowrap text-gray-900">{state.email}</span>)
    </>
  ) : (
    <>
      your email (<span className="font-medium whitespace-nowrap text-gray-900">{state.email}</span>)
    </>
  );
  const showHints = !!sp.error || state.sends > 1;

  return (
    <PortalShell ws={ws} signedIn={state.purpose !== "link"}>
      <PortalCard title={reauth ? "Welcome back" : "Confirm it's you"}>
        {reauth && (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            You were away for a while; enter a fresh code to continue. Your answers are saved.
          </p>
        )}
        {state.purpose === "step_up" && !reauth && <p>This part of {name} holds private information, so we need a code as well as your sign-in.</p>}
        {error && !codeError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 font-medium text-red-800">
            {error}
          </p>
        )}
        {!state.sms.ok && <p className="text-gray-600">{state.sms.reason}</p>}
        {sp.sms === "0" && state.sms.ok && <p className="text-gray-600">The text message could not be sent just now, so this code went by email only.</p>}

        {!state.sent ? (
          <>
            <p>To keep your information safe, we&apos;ll send a 6‑digit code to {where}.</p>
            <form action="/api/portal/two-factor/send" method="post">
              <input type="hidden" name="channel" value={both ? "both" : "email"} />
              {hidden}
              <button type="submit" className={portalButtonClass} autoFocus>
                {both ? "Text and email me a code" : "Email me a code"}
              </button>
            </form>
            {both && (
              <form action="/api/portal/two-factor/send" method="post">
                <input type="hidden" name="channel" value="email" />
                {hidden}
                <button type="submit" className={secondaryButton}>
                  Email me the code only
                </button>
              </form>
            )}
          </>
        ) : (
          <>
            <p>
              {sp.sent === "both" ? (
                <>
                  We sent a code by text message to <span className="font-medium whitespace-nowrap text-gray-900">{state.phone}</span> and by email to{" "}
                  <span className="font-medium whitespace-nowrap text-gray-900">{state.email}</span>. Either one works.
                </>
              ) : sp.sent === "email" ? (
                <>
                  We emailed a code to <span className="font-medium whitespace-nowrap text-gray-900">{state.email}</span>.
                </>
              ) : (
                <>We sent a code to {where}.</>
              )}
            </p>
            <form action="/api/portal/two-factor/verify" method="post" className="space-y-3">
              <div className="space-y-1">
                <label htmlFor="code" className="block text-sm font-medium text-gray-800">
                  6-digit code
                </label>
                <input
                  id="code"
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  required
                  autoFocus
                  aria-invalid={codeError ? true : undefined}
                  aria-describedby={codeError ? "code-error" : "code-hint"}
                  className={`${portalInputClass} tracking-[0.4em] ${codeError ? "ring-2 ring-red-600" : ""}`}
                />
                {codeError ? (
                  <p id="code-error" role="alert" className="text-sm font-medium text-red-700">
                    {sp.error === "CODE_WRONG"
                      ? "That code didn't work. Enter the code from the newest text message or email."
                      : "That code can no longer be used. Ask for a new code below."}
                  </p>
                ) : (
                  <p id="code-hint" className="text-xs text-gray-600">
                    Use the newest code: asking again replaces it. It works for 10 minutes.
                  </p>
                )}
              </div>
              <button type="submit" className={portalButtonClass}>
                Continue
              </button>
            </form>
            <TwoFactorResend secondsLeft={state.cooldownSec} smsOk={!!both} next={formNext} reauth={reauth} buttonClass={secondaryButton} />
          </>
        )}

        {showHints && (
          <div className="rounded-md bg-gray-50 px-3 py-3 text-gray-700">
            <p className="font-medium text-gray-900">Not getting the code?</p>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {state.phone && <li>Check that the mobile number {ws.name} has for you ends in {state.phone.replace(/\D/g, "")}.</li>}
              <li>Ask for the code by email only, with the button above.</li>
              {state.phone && <li>Look in your phone&apos;s spam or blocked messages folder.</li>}
              <li>Still stuck? <span>{support ? <>Write to {ws.name} at <a className="font-medium text-gray-900 underline" href={`mailto:${support}`}>{support}</a>.</> : <>Contact {ws.name} the way you usually do.</>}</span></li>
            </ul>
          </div>
        )}
      </PortalCard>
    </PortalShell>
  );
}
