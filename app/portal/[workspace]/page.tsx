import Link from "next/link";
import { redirect } from "next/navigation";
import { ActivityList, ContractCard, FileList, HomeSection, UnreadCard } from "@/components/portal/home/home-blocks";
import { RequestCard } from "@/components/portal/home/request-card";
import { PortalShell } from "@/components/portal/portal-shell";
import { now } from "@/lib/clock";
import { getDb } from "@/lib/db";
import { homeActivity, homeContractsToSign, homeRecentFiles, homeRequests, homeUnread } from "@/lib/db/queries/portal-home";
import { portalViewer } from "@/lib/portal/portal-request";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";
import { formatIndianMobile } from "@/lib/validation/phone";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ older?: string }> };

// The client's hub: what needs them first (contracts to sign, unread messages, requests by due date, overdue on top),
// then recent files and activity. A one-factor session is enough here; opening a request asks for the second factor.
export default async function PortalHome({ params, searchParams }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const sp = await searchParams;
  const name = ws.branding.portalName ?? ws.name;
  const who = viewer.email ?? (viewer.phone ? formatIndianMobile(viewer.phone) : `${viewer.firstName} ${viewer.lastName}`.trim());
  const at = now();
  const db = getDb();
  const v = { workspaceId: ws.id, contactId: viewer.contactId };

  // An older page of requests: only the list, as before.
  if (sp.older) {
    const list = await homeRequests(db, { ...v, cursor: sp.older, now: at });
    return (
      <PortalShell ws={ws} signedIn active="home">
        <h1 className="text-xl font-semibold text-gray-900">Earlier requests</h1>
        <ul className="mt-4 space-y-3">
          {[...list.attention, ...list.others].map((r) => (
            <li key={r.id}>
              <RequestCard r={r} at={at} />
            </li>
          ))}
        </ul>
        <RequestPager older={list.older} paged />
      </PortalShell>
    );
  }

  const [requests, toSign, unread, files, activity] = await Promise.all([
    homeRequests(db, { ...v, now: at }),
    homeContractsToSign(db, v),
    homeUnread(db, v),
    homeRecentFiles(db, v),
    homeActivity(db, v),
  ]);
  const attention = toSign.length + (unread.count > 0 ? 1 : 0) + requests.attention.length;
  const empty = attention === 0 && files.length === 0 && activity.length === 0 && requests.others.length === 0;

  return (
    <PortalShell ws={ws} signedIn active="home">
      <h1 className="text-xl font-semibold text-gray-900 sm:text-2xl">Welcome, {viewer.firstName}</h1>
      <p className="mt-1 text-sm text-gray-600">
        Signed in to {name} as <span className="font-medium [overflow-wrap:anywhere] text-gray-900">{who}</span>.
      </p>

      {empty ? (
        <div className="mt-8 rounded-lg border border-dashed border-gray-300 bg-white p-6 text-sm text-gray-700 sm:p-8">
          <h2 className="text-base font-semibold text-gray-900">Nothing here yet</h2>
          <p className="mt-2">
            This is where {ws.name} will share documents, send you messages and contracts to sign, and ask you for information. When something needs you,
            it shows here first, and we let you know by {viewer.email ? "email" : "SMS"}.
          </p>
        </div>
      ) : (
        <>
          <HomeSection title="Needs your attention">
            {attention === 0 ? (
              <p className="rounded-lg bg-white p-4 text-sm text-gray-700 shadow-sm ring-1 ring-gray-200">You&apos;re all caught up. New requests, messages and contracts will show here.</p>
            ) : (
              <ul className="space-y-3">
                {toSign.map((c) => (
                  <li key={c.id}>
                    <ContractCard c={c} />
                  </li>
                ))}
                {unread.count > 0 && (
                  <li>
                    <UnreadCard u={unread} />
                  </li>
                )}
                {requests.attention.map((r) => (
                  <li key={r.id}>
                    <RequestCard r={r} at={at} />
                  </li>
                ))}
              </ul>
            )}
          </HomeSection>

          {files.length > 0 && (
            <HomeSection title="Recent files" action={{ href: "/documents", label: "All documents" }}>
              <FileList files={files} />
            </HomeSection>
          )}

          {activity.length > 0 && (
            <HomeSection title="Recent activity">
              <ActivityList items={activity} />
            </HomeSection>
          )}

          {requests.others.length > 0 && (
            <HomeSection title="Your requests">
              <ul className="space-y-3">
                {requests.others.map((r) => (
                  <li key={r.id}>
                    <RequestCard r={r} at={at} />
                  </li>
                ))}
              </ul>
              <RequestPager older={requests.older} />
            </HomeSection>
          )}
        </>
      )}
    </PortalShell>
  );
}

function RequestPager({ older, paged }: { older: string | null; paged?: boolean }) {
  if (!older && !paged) return null;
  return (
    <nav aria-label="More requests" className="mt-4 flex justify-between gap-2 text-sm">
      {paged ? (
        <Link href="/" className="font-medium text-gray-700 underline">
          Back to home
        </Link>
      ) : (
        <span />
      )}
      {older && (
        <Link href={`/?older=${encodeURIComponent(older)}`} className="font-medium text-gray-700 underline">
          Older requests
        </Link>
      )}
    </nav>
  );
}
