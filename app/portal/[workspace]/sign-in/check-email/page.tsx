import Link from "next/link";
import { PortalCard, PortalShell, portalButtonClass, portalError, portalInputClass } from "@/components/portal/portal-shell";
import { ResendForm } from "@/components/portal/resend-form";
import { getDb } from "@/lib/db";
import { CODE_PROBLEM_SMS, errorMessages } from "@/lib/errors";
import { fillView } from "@/lib/page-cache/fill-view";
import { checkEmailState, type CheckEmailState } from "@/lib/portal/check-email-state";
import { pendingSignIn } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ error?: string; fresh?: string; wait?: string }> };

const secondaryButton =
  "inline-flex w-full items-center justify-center rounded-md bg-white px-4 py-2.5 text-sm font-semibold text-gray-800 shadow-sm ring-1 ring-inset ring-gray-300 hover:bg-gray-50 disabled:cursor-not-allowed disabled:opacity-60";

const CODE_ERRORS = new Set(["CODE_WRONG", "CODE_EXPIRED_OR_EXHAUSTED"]);

// The same page for every address or number, known or not, and for link and code messages alike: it never says
// whether an account exists or which kind of message went out. What it shows comes from the sealed pending sign-in,
// as a shape and this client's values (lib/portal/check-email-state.ts); the page cache (lib/page-cache) renders a
// shape once with placeholders and fills the values in per request, so this renders from the state alone.
export default async function CheckEmail({ params, searchParams }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const state =
    (await fillView<CheckEmailState>()) ??
    (await checkEmailState(getDb(), { workspaceId: ws.id, pending: await pendingSignIn(ws.id), query: await searchParams }));
  const { shape, values } = state;

  if (shape.page === "fresh") {
    return (
      <PortalShell ws={ws}>
        <PortalCard title="Check your messages">
          <p>
            If that link was yours, we&apos;ve sent a fresh sign-in link to the email address or mobile number {ws.name} has for you. It works once,
            for 15 minutes.
          </p>
        </PortalCard>
      </PortalShell>
    );
  }

  if (shape.page === "expired") {
    return (
      <PortalShell ws={ws}>
        <PortalCard title="Check your email">
          <p role="alert">{errorMessages.SIGN_IN_PENDING_EXPIRED}</p>
          <Link href="/sign-in" className={portalButtonClass}>
            Enter your email
          </Link>
        </PortalCard>
      </PortalShell>
    );
  }

  const error = portalError(shape.error ?? undefined);
  const codeError = shape.error && CODE_ERRORS.has(shape.error) ? error : null;
  const otherError = error && !codeError ? error : null;
  const sms = shape.channel === "sms";
  const codeMessage = sms && codeError ? CODE_PROBLEM_SMS : codeError;
  const wait = shape.waiting && values.seconds && values.until ? { seconds: values.seconds, until: values.until } : null;
  return (
    <PortalShell ws={ws}>
      <PortalCard title={sms ? "Check your phone" : "Check your email"}>
        {shape.cooldown && (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            {sms ? errorMessages.SIGN_IN_SMS_COOLDOWN : errorMessages.SIGN_IN_EMAIL_COOLDOWN}
          </p>
        )}
        {otherError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 font-medium text-red-800">
            {otherError}
          </p>
        )}
        {sms ? (
          <p>
            If <span className="font-medium whitespace-nowrap text-gray-900">{values.shown}</span> has access to this portal, we&apos;ve sent it a text
            message with a sign-in code. After several codes we send a one-time sign-in link instead, by text message or to the email address{" "}
            {ws.name} has for you.
          </p>
        ) : (
          <p>
            If <span className="font-medium break-all text-gray-900">{values.shown}</span> has access to this portal, we&apos;ve sent it a sign-in email.
            Open the link in the email, or enter the code if it has one.
          </p>
        )}
        <form action="/api/portal/verify-code" method="post" className="space-y-3">
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
              aria-invalid={codeError ? true : undefined}
              aria-describedby={codeError ? "code-error" : "code-hint"}
              className={`${portalInputClass} tracking-[0.4em] ${codeError ? "ring-2 ring-red-600" : ""}`}
            />
            {codeError ? (
              <p id="code-error" role="alert" className="text-sm font-medium text-red-700">
                {codeMessage}
              </p>
            ) : (
              <p id="code-hint" className="text-xs text-gray-600">
                {sms ? "The code in the text message. It expires after 5 minutes." : "Only if your email has a code. Codes expire after 10 minutes."}
              </p>
            )}
          </div>
          <button type="submit" className={portalButtonClass}>
            Sign in
          </button>
        </form>
        <ResendForm key={`${wait?.seconds ?? 0}-${shape.cooldown}`} wait={wait} buttonClass={secondaryButton} channel={shape.channel} />
        <p className="text-xs text-gray-600">
          {sms ? "Wrong number?" : "Wrong address?"}{" "}
          <Link href="/sign-in" className="font-medium text-gray-900 underline">
            {sms ? "Use another number" : "Use another email"}
          </Link>
          .
        </p>
      </PortalCard>
    </PortalShell>
  );
}
