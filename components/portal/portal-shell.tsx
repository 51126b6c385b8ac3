import type { ReactNode } from "react";
import { getDb } from "@/lib/db";
import { portalNavCounts } from "@/lib/db/queries/portal-home";
import type { Branding } from "@/lib/db/schema";
import { portalViewer } from "@/lib/portal/portal-request";
import { PortalNav } from "./home/portal-nav";
import { messageForCode } from "@/lib/errors";
import { safeColor } from "@/lib/messaging/email/layout";

/** Black or white, whichever reads better on the brand colour (WCAG relative luminance). */
export function textOn(hex: string): "#000000" | "#ffffff" {
  const h = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, "#$1$1$2$2$3$3") : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (1.05) / (l + 0.05) >= (l + 0.05) / 0.05 ? "#ffffff" : "#000000";
}

/** `id` lets a signed-in page show the hub's nav with its badges (pages pass portalWorkspace's row, which has it). */
export type PortalBrand = { id?: string; name: string; branding: Branding };

export function brandColor(ws: PortalBrand) {
  return safeColor(ws.branding.primaryColor) ?? "#4f46e5";
}

/** The hub's sections; a signed-in page names the one it belongs to. */
export type PortalSection = "home" | "documents" | "messages" | "contracts";

/**
 * The portal's frame: only this workspace's name, logo and colour, nothing of the platform or other tenants. Signed
 * in, it shows the hub's nav (badges read for the session's own client); a page that names its section (`active`)
 * gets a wide column, the others (sign-in, a request) keep the centred card layout.
 */
export async function PortalShell({ ws, children, signedIn, active }: { ws: PortalBrand; children: ReactNode; signedIn?: boolean; active?: PortalSection }) {
  const color = brandColor(ws);
  const name = ws.branding.portalName ?? ws.name;
  const viewer = signedIn && ws.id ? await portalViewer(ws.id) : null;
  const counts = viewer && ws.id ? await portalNavCounts(getDb(), { workspaceId: ws.id, contactId: viewer.contactId }) : null;
  return (
    <div className="flex min-h-screen flex-col" style={{ ["--portal-color" as string]: color, ["--portal-text" as string]: textOn(color) }}>
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-3">
          <div className="flex min-w-0 items-center gap-3">
            {ws.branding.logoUrl ? (
              // eslint-disable-next-line @next/next/no-img-element -- the workspace's own logo
              <img src={ws.branding.logoUrl} alt={`${ws.name} logo`} className="h-8 max-w-32 object-contain" />
            ) : (
              <span className="h-8 w-8 rounded-full" style={{ background: color }} aria-hidden />
            )}
            <span className="truncate font-semibold text-gray-900">{name}</span>
          </div>
          {signedIn && (
            <form action="/api/portal/sign-out" method="post">
              <button type="submit" className="shrink-0 rounded-md px-3 py-1.5 text-sm font-medium text-gray-700 ring-1 ring-gray-300 hover:bg-gray-50">
                Sign out
              </button>
            </form>
          )}
        </div>
      </header>
      {counts && <PortalNav active={active} counts={counts} />}
      {active ? (
        <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-6 sm:py-8">{children}</main>
      ) : (
        <main className="flex flex-1 items-start justify-center px-4 py-10 sm:items-center">{children}</main>
      )}
      {ws.branding.supportEmail && (
        <footer className="pb-6 text-center text-xs text-gray-600">
          Need help? <a className="underline" href={`mailto:${ws.branding.supportEmail}`}>{ws.branding.supportEmail}</a>
        </footer>
      )}
    </div>
  );
}

export function PortalCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="w-full max-w-sm rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200 sm:p-8">
      <h1 className="text-xl font-semibold text-gray-900">{title}</h1>
      <div className="mt-3 space-y-4 text-sm text-gray-700">{children}</div>
    </div>
  );
}

export { portalButtonClass, portalInputClass } from "./portal-classes";

/** The words for an error code a portal form redirected back with (lib/errors.ts is the one place they live). */
export function portalError(code: string | undefined): string | null {
  return code ? messageForCode(code) : null;
}
