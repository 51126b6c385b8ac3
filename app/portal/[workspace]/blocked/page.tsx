import { PortalCard, PortalShell } from "@/components/portal/portal-shell";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }> };

// Shown by proxy.ts (status 403) in place of whatever page a geoblocked client asked for; on its own it is a 404.
// Nothing here leads into the portal: no sign-in form, no links but the business's support address.
export default async function GeoBlocked({ params }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const support = ws.branding.supportEmail;
  return (
    <PortalShell ws={ws}>
      <PortalCard title="Not available here">
        <p>{ws.name}&apos;s client portal can&apos;t be opened from your current location.</p>
        <p>
          If you think this is a mistake, or you need to send {ws.name} something, contact them directly
          {support ? (
            <>
              {" "}
              at{" "}
              <a className="font-medium break-all text-gray-900 underline" href={`mailto:${support}`}>
                {support}
              </a>
            </>
          ) : null}
          . If you use a VPN, turning it off may help.
        </p>
      </PortalCard>
    </PortalShell>
  );
}
