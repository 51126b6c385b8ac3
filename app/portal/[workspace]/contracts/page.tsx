import Link from "next/link";
import { redirect } from "next/navigation";
import { ContractBadge } from "@/components/portal/contracts/contract-status";
import { PortalShell } from "@/components/portal/portal-shell";
import { getDb } from "@/lib/db";
import { listViewerContracts } from "@/lib/db/queries/portal-contracts";
import { portalViewer } from "@/lib/portal/portal-request";
import { shortDate } from "@/lib/request-answers/due-text";
import { portalWorkspace } from "@/lib/tenancy/portal-workspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ older?: string }> };

/** The client's contracts and proposals: what waits for them first by date sent, newest first. */
export default async function PortalContracts({ params, searchParams }: Props) {
  const ws = await portalWorkspace((await params).workspace);
  const viewer = await portalViewer(ws.id);
  if (!viewer) redirect("/sign-in");
  const sp = await searchParams;
  const list = await listViewerContracts(getDb(), { workspaceId: ws.id, contactId: viewer.contactId, cursor: sp.older });

  return (
    <PortalShell ws={ws} signedIn active="contracts">
      <div className="w-full max-w-2xl">
        <h1 className="text-xl font-semibold text-gray-900">Contracts and proposals</h1>
        <p className="mt-1 text-sm text-gray-600">Documents {ws.name} sent you to sign or accept.</p>
        {list.rows.length === 0 ? (
          <p className="mt-6 rounded-lg bg-white p-6 text-sm text-gray-700 shadow-sm ring-1 ring-gray-200">
            Nothing to sign yet. When {ws.name} sends you a contract or proposal, it appears here and we let you know.
          </p>
        ) : (
          <ul className="mt-6 space-y-3">
            {list.rows.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/contracts/${c.id}`}
                  className="block rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 hover:ring-gray-400 focus-visible:outline-2 focus-visible:outline-offset-2 sm:p-5"
                >
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <span className="font-medium break-words text-gray-900">{c.title}</span>
                    <ContractBadge status={c.status} mine={c.myStatus} kind={c.kind} />
                  </div>
                  <p className="mt-1 text-sm text-gray-600">
                    {c.kind === "proposal" ? "Proposal" : "Contract"}
                    {c.sentAt ? ` · sent ${shortDate(c.sentAt)}` : ""}
                    {c.completedAt ? ` · completed ${shortDate(c.completedAt)}` : ""}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {(sp.older || list.older) && (
          <nav aria-label="More contracts" className="mt-4 flex justify-between gap-2 text-sm">
            {sp.older ? <Link href="/contracts" className="font-medium text-gray-700 underline">Back to newest</Link> : <span />}
            {list.older && (
              <Link href={`/contracts?older=${encodeURIComponent(list.older)}`} className="font-medium text-gray-700 underline">
                Older
              </Link>
            )}
          </nav>
        )}
      </div>
    </PortalShell>
  );
}
