import { redirect } from "next/navigation";
import { AccessEnded } from "@/components/portal/access-ended";
import { PortalCard, PortalShell, portalButtonClass, portalError, portalInputClass } from "@/components/portal/portal-shell";
import { portalViewer, viewerAccessEnded } from "@/lib/portal/portal-request";
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
  return (
    <PortalShell ws={ws}>
      <PortalCard title={`Sign in to ${ws.branding.portalName ?? ws.name}`}>
        {sp.signed_out && !error && (
          <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-green-800">
            You&apos;re signed out.
          </p>
        )}
        <p>Enter the email address {ws.name} invited. We&apos;ll email you a sign-in link or code.</p>
        <form action="/api/portal/sign-in" method="post" className="space-y-4">
          <div className="space-y-1">
            <label htmlFor="email" className="block text-sm font-medium text-gray-800">
              Email address
            </label>
            <input
              id="email"
              name="email"
              type="email"
              required
              autoComplete="email"
              autoFocus
              maxLength={254}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "email-error" : undefined}
              className={portalInputClass}
            />
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
