import Link from "next/link";
import { redirect } from "next/navigation";
import { PortalCard, PortalShell } from "@/components/portal/portal-shell";
import { now } from "@/lib/clock";
import { getDb } from "@/lib/db";
import { listViewerRequests, type PortalRequestRow } from "@/lib/db/queries/portal-requests";
import { portalViewer } from "@/lib/portal/portal-request";
import { dueText, shortDate } from "@/lib/request-answers/due-text";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";
import { formatIndianMobile } from "@/lib/validation/phone";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ older?: string }> };

// Listing request titles needs only a signed-in session; opening one asks for the second factor (the request page).
export default async function PortalHome({ params, searchParams }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const sp = await searchParams;
  const name = ws.branding.portalName ?? ws.name;
  const list = await listViewerRequests(getDb(), { workspaceId: ws.id, contactId: viewer.contactId, cursor: sp.older });
  const who = viewer.email ?? (viewer.phone ? formatIndianMobile(viewer.phone) : `${viewer.firstName} ${viewer.lastName}`.trim());

  if (list.rows.length === 0 && !sp.older) {
    return (
      <PortalShell ws={ws} signedIn>
        <PortalCard title={`Welcome, ${viewer.firstName}`}>
          <p>
            You&apos;re signed in to {name} as <span className="font-medium break-all text-gray-900">{who}</span>.
          </p>
          <p>This is where {ws.name} will share requests and documents with you.</p>
        </PortalCard>
      </PortalShell>
    );
  }

  const at = now();
  return (
    <PortalShell ws={ws} signedIn>
      <div className="w-full max-w-2xl">
        <h1 className="text-xl font-semibold text-gray-900">Welcome, {viewer.firstName}</h1>
        <p className="mt-1 text-sm text-gray-600">
          Signed in to {name} as <span className="font-medium break-all text-gray-900">{who}</span>. {ws.name} asked you for the following.
        </p>
        <ul className="mt-6 space-y-3">
          {list.rows.map((r) => (
            <li key={r.id}>
              <RequestCard r={r} at={at} />
            </li>
          ))}
        </ul>
        {(sp.older || list.older) && (
          <nav aria-label="More requests" className="mt-4 flex justify-between gap-2 text-sm">
            {sp.older ? <Link href="/" className="font-medium text-gray-700 underline">Back to newest</Link> : <span />}
            {list.older && (
              <Link href={`/?older=${encodeURIComponent(list.older)}`} className="font-medium text-gray-700 underline">
                Older requests
              </Link>
            )}
          </nav>
        )}
      </div>
    </PortalShell>
  );
}

function RequestCard({ r, at }: { r: PortalRequestRow; at: Date }) {
  const due = r.submittedAt ? null : dueText(r.dueAt, at);
  const { total, done, needsAttention } = r.progress;
  let progress: React.ReactNode;
  if (needsAttention > 0) progress = <span className="font-medium text-red-700">{needsAttention === 1 ? "1 document needs attention" : `${needsAttention} documents need attention`}</span>;
  else if (r.submittedAt) progress = <span className="font-medium text-green-700">Submitted {shortDate(r.submittedAt)}</span>;
  else if (r.status === "closed") progress = <span className="text-gray-600">Closed</span>;
  else progress = <span className="text-gray-700">{`${done} of ${total} ${total === 1 ? "item" : "items"} done`}</span>;
  return (
    <Link
      href={`/requests/${r.id}`}
      className="block rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 hover:ring-gray-400 focus-visible:outline-2 focus-visible:outline-offset-2 sm:p-5"
    >
      <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <h2 className="font-semibold break-words text-gray-900">{r.title}</h2>
        {due && (
          <span className={`shrink-0 text-sm ${due.overdue ? "font-medium text-red-700" : "text-gray-600"}`}>
            {due.text}
            {r.dueAt && !due.overdue ? ` · ${shortDate(r.dueAt)}` : ""}
          </span>
        )}
      </div>
      <div className="mt-2 flex items-center justify-between gap-3 text-sm">
        {progress}
        <span aria-hidden className="text-gray-400">
          →
        </span>
      </div>
      {!r.submittedAt && needsAttention === 0 && total > 0 && (
        <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-gray-100" aria-hidden>
          <div className="h-full rounded-full bg-[var(--portal-color)]" style={{ width: `${Math.round((done / total) * 100)}%` }} />
        </div>
      )}
    </Link>
  );
}
