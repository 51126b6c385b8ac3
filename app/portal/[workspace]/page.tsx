import { redirect } from "next/navigation";
import { PortalCard, PortalShell } from "@/components/portal/portal-shell";
import { portalViewer } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";
import { formatIndianMobile } from "@/lib/validation/phone";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }> };

export default async function PortalHome({ params }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const name = ws.branding.portalName ?? ws.name;
  return (
    <PortalShell ws={ws} signedIn>
      <PortalCard title={`Welcome, ${viewer.firstName}`}>
        <p>
          You&apos;re signed in to {name} as{" "}
          <span className="font-medium break-all text-gray-900">{viewer.email ?? (viewer.phone ? formatIndianMobile(viewer.phone) : `${viewer.firstName} ${viewer.lastName}`.trim())}</span>.
        </p>
        <p>This is where {ws.name} will share requests and documents with you.</p>
      </PortalCard>
    </PortalShell>
  );
}
