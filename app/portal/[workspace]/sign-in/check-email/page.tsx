import Link from "next/link";
import { PortalCard, PortalShell, portalButtonClass, portalError, portalInputClass } from "@/components/portal/portal-shell";
import { pendingEmail } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ error?: string; fresh?: string }> };

// The same page for every address, known or not: it never says whether an account exists.
export default async function CheckEmail({ params, searchParams }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const sp = await searchParams;
  const email = await pendingEmail();
  const error = portalError(sp.error);
  return (
    <PortalShell ws={ws}>
      <PortalCard title="Check your email">
        {sp.fresh ? (
          <p>If that link was yours, we&apos;ve emailed a fresh sign-in link to the address {ws.name} has for you. It works once, for 15 minutes.</p>
        ) : (
          <p>
            If <span className="font-medium text-gray-900">{email ?? "that address"}</span> has access to this portal, we&apos;ve sent it a sign-in email.
            Open the link in it, or enter the 6-digit code it gives you.
          </p>
        )}
        {email && (
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
                autoFocus
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "code-error" : "code-hint"}
                className={`${portalInputClass} tracking-[0.4em]`}
              />
              {error ? (
                <p id="code-error" role="alert" className="text-sm font-medium text-red-700">
                  {error}
                </p>
              ) : (
                <p id="code-hint" className="text-xs text-gray-600">
                  Codes expire after 10 minutes.
                </p>
              )}
            </div>
            <button type="submit" className={portalButtonClass}>
              Sign in
            </button>
          </form>
        )}
        <p className="text-gray-600">
          No email after a few minutes? Check your spam folder, or{" "}
          <Link href="/sign-in" className="font-medium text-gray-900 underline">
            try again
          </Link>
          .
        </p>
      </PortalCard>
    </PortalShell>
  );
}
