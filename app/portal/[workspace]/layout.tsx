import type { Metadata } from "next";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

type Props = { params: Promise<{ workspace: string }>; children: React.ReactNode };

export async function generateMetadata({ params }: { params: Promise<{ workspace: string }> }): Promise<Metadata> {
  const ws = await portalWorkspace((await params).workspace);
  return {
    title: { absolute: ws.branding.portalName ?? ws.name },
    // Link pages carry a token in the path: never leak it to another site in a Referer. Not "no-referrer": with it
    // Chromium sends `Origin: null` even on same-origin form POSTs, and the same-origin check below needs the origin.
    referrer: "same-origin",
    robots: { index: false, follow: false },
    ...(ws.branding.faviconUrl ? { icons: { icon: ws.branding.faviconUrl } } : {}),
  };
}

export default async function PortalLayout({ params, children }: Props) {
  await portalWorkspace((await params).workspace);
  return children;
}
