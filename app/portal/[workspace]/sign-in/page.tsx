import { redirect } from "next/navigation";
import { AccessEnded } from "@/components/portal/access-ended";
import { PortalCard, PortalShell, portalButtonClass, portalError, portalInputClass } from "@/components/portal/portal-shell";
import { getDb } from "@/lib/db";
import { portalViewer, viewerAccessEnded } from "@/lib/portal/portal-request";
import { phoneSignInEnabled } from "@/lib/portal/request-sign-in";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ error?: string; signed_out?: string; other?: string }> };

export default async function PortalSignIn({ params, searchParams }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  if (await portalViewer(ws.id)) redirect("/");
  const sp = await searchParams;
  // A client whose access was revoked, back with their old session cookie: say so instead of a silent sign-in form.
  if (!sp.other && (await viewerAccessEnded(ws.id))) {
    return (
      <PortalShell ws={ws}>
        <AccessEnded ws={ws} />
      </PortalShell>
    );
  }
  const error = portalError(sp.error);
  // Where the workspace texts its clients, the one field takes an email address or an Indian mobile number.
  const phone = await phoneSignInEnabled(getDb(), ws.id);
  return (
    <PortalShell ws={ws}>
      <PortalCard title={`Sign in to ${ws.branding.portalName ?? ws.name}`}>
        {sp.signed_out && !error && (
          <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-green-800">
            You&apos;re signed out.
          </p>
        )}
        <p>
          {phone
            ? `Enter the email address or mobile number ${ws.name} invited. We'll send you a sign-in code or link.`
            : `Enter the email address ${ws.name} invited. We'll email you a sign-in link or code.`}
        </p>
        <form action="/api/portal/sign-in" method="post" className="space-y-4">
          <div className="space-y-1">
            <label htmlFor="email" className="block text-sm font-medium text-gray-800">
              {phone ? "Email address or mobile number" : "Email address"}
            </label>
            <input
              id="email"
              name="identifier"
              type={phone ? "text" : "email"}
              required
              autoComplete={phone ? "username" : "email"}
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              maxLength={254}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "email-error" : phone ? "email-hint" : undefined}
              className={portalInputClass}
            />
            {phone && !error && (
              <p id="email-hint" className="text-xs text-gray-600">
                e.g. name@example.com or 98765 43210
              </p>
            )}
            {error && (
              <p id="email-error" role="alert" className="text-sm font-medium text-red-700">
                {error}
              </p>
            )}
          </div>
          <button type="submit" className={portalButtonClass}>
            Continue
          </button>
        </form>
      </PortalCard>
    </PortalShell>
  );
}
