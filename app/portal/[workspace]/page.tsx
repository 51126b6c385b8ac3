import type { Metadata } from "next";
import { safeColor } from "@/lib/messaging/email/layout";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ws = await portalWorkspace((await params).workspace);
  return {
    title: { absolute: ws.branding.portalName ?? ws.name },
    ...(ws.branding.faviconUrl ? { icons: { icon: ws.branding.faviconUrl } } : {}),
  };
}

export default async function PortalHome({ params }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const color = safeColor(ws.branding.primaryColor) ?? "#4f46e5";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-8 text-center shadow-sm ring-1 ring-gray-200">
        {ws.branding.logoUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- the workspace's own logo, on its own host
          <img src={ws.branding.logoUrl} alt={`${ws.name} logo`} className="mx-auto mb-4 h-10 object-contain" />
        ) : (
          <div className="mx-auto mb-4 h-10 w-10 rounded-full" style={{ background: color }} aria-hidden />
        )}
        <h1 className="text-xl font-semibold text-gray-900">{ws.branding.portalName ?? ws.name}</h1>
        <p className="mt-2 text-sm text-gray-600">
          This is {ws.name}&apos;s client portal. Use the sign-in link {ws.name} emailed you to open it.
        </p>
        {ws.branding.supportEmail && (
          <p className="mt-4 text-xs text-gray-500">
            Need help? <a className="underline" href={`mailto:${ws.branding.supportEmail}`}>{ws.branding.supportEmail}</a>
          </p>
        )}
      </div>
    </main>
  );
}
