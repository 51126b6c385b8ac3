import { AccessEnded } from "@/components/portal/access-ended";
import { PortalCard, PortalShell, portalButtonClass, portalError } from "@/components/portal/portal-shell";
import { getDb } from "@/lib/db";
import { fillView } from "@/lib/page-cache/fill-view";
import { linkLandingState, type LinkLandingState } from "@/lib/portal/link-landing-state";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string; token: string }>; searchParams: Promise<{ error?: string }> };

/**
 * A link's landing page. Looking at it uses nothing (mail scanners open links); only the Continue button's POST signs
 * in. A link that no longer works says why, and offers a fresh one where that can help. It renders from the link's
 * state alone (lib/portal/link-landing-state.ts), so the page cache can fill this link's token into a cached page.
 */
export default async function LinkLanding({ params, searchParams }: Props) {
  const { workspace, token: param } = await params;
  const ws = await portalWorkspace(workspace);
  const error = (await searchParams).error;
  const state =
    (await fillView<LinkLandingState>()) ??
    (await linkLandingState(getDb(), { workspaceId: ws.id, token: param, error: typeof error === "string" ? error : undefined }));
  const { problem, transient: transientCode, twoFactor, bySms } = state.shape;
  const token = state.values.token;
  const transient = transientCode ? portalError(transientCode) : null;
  const name = ws.branding.portalName ?? ws.name;
  // A Client Centre invitation: the button leads on to the code, and only the business sends a new invitation.
  if (twoFactor && problem !== "ACCESS_REVOKED") return <ClientCentreLink ws={ws} name={name} token={token} problem={problem} transient={transient} />;
  if (!problem) {
    return (
      <PortalShell ws={ws}>
        <PortalCard title={`Continue to ${name}`}>
          {transient && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 font-medium text-red-800">
              {transient}
            </p>
          )}
          <p>You&apos;re about to sign in to {name} on this device.</p>
          <form action="/api/portal/link" method="post">
            <input type="hidden" name="token" value={token} />
            <button type="submit" className={portalButtonClass} autoFocus>
              Continue
            </button>
          </form>
        </PortalCard>
      </PortalShell>
    );
  }
  if (problem === "ACCESS_REVOKED") {
    return (
      <PortalShell ws={ws}>
        <AccessEnded ws={ws} />
      </PortalShell>
    );
  }
  const canRefresh = problem === "LINK_EXPIRED" || problem === "LINK_SUPERSEDED";
  const title =
    problem === "LINK_EXPIRED" ? "This link has expired" : problem === "LINK_SUPERSEDED" ? "This link was replaced" : "This link doesn't work";
  return (
    <PortalShell ws={ws}>
      <PortalCard title={title}>
        <p role="alert">
          {bySms && problem === "LINK_INVALID" ? "That sign-in link was already used or is not valid. Sign in again with your mobile number to get a new one." : portalError(problem)}
        </p>
        {canRefresh ? (
          <form action="/api/portal/link/refresh" method="post" className="space-y-2">
            <input type="hidden" name="token" value={token} />
            <button type="submit" className={portalButtonClass}>
              {bySms ? "Text me a fresh sign-in link" : "Email me a fresh sign-in link"}
            </button>
            <p className="text-xs text-gray-600">
              It goes to the {bySms ? "mobile number" : "email address"} {ws.name} has for you.
            </p>
          </form>
        ) : (
          <a href="/sign-in" className={portalButtonClass}>
            Sign in again
          </a>
        )}
      </PortalCard>
    </PortalShell>
  );
}

function ClientCentreLink(p: { ws: Awaited<ReturnType<typeof portalWorkspace>>; name: string; token: string; problem: string | null; transient: string | null }) {
  const { ws, name } = p;
  const support = ws.branding.supportEmail;
  const ask = support ? (
    <>
      ask {ws.name} to send you a new invitation (write to{" "}
      <a className="font-medium text-gray-900 underline" href={`mailto:${support}`}>
        {support}
      </a>
      )
    </>
  ) : (
    <>ask {ws.name} to send you a new invitation</>
  );
  if (!p.problem) {
    return (
      <PortalShell ws={ws}>
        <PortalCard title={`Continue to ${name}`}>
          {p.transient && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 font-medium text-red-800">
              {p.transient}
            </p>
          )}
          <p>Continue to your secure Client Centre. Next, we&apos;ll send a code to your phone and email to confirm it&apos;s you.</p>
          <form action="/api/portal/link" method="post">
            <input type="hidden" name="token" value={p.token} />
            <button type="submit" className={portalButtonClass} autoFocus>
              Continue
            </button>
          </form>
        </PortalCard>
      </PortalShell>
    );
  }
  const title =
    p.problem === "LINK_SUPERSEDED" ? "This invitation was replaced" : p.problem === "LINK_EXPIRED" ? "This invitation has expired" : "This link doesn't work";
  return (
    <PortalShell ws={ws}>
      <PortalCard title={title}>
        <p role="alert">
          {p.problem === "LINK_SUPERSEDED" ? (
            <>A newer invitation replaced this link. Use the link in the latest email from {ws.name}, or {ask}.</>
          ) : p.problem === "LINK_EXPIRED" ? (
            <>This invitation link has expired. Please {ask}.</>
          ) : (
            <>This link can&apos;t be used. Use the link in the latest email from {ws.name}, or {ask}.</>
          )}
        </p>
      </PortalCard>
    </PortalShell>
  );
}
