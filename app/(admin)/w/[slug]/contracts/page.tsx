import Link from "next/link";
import { ContractsList } from "@/components/admin/contracts/contracts-list";
import { statusLabels } from "@/components/admin/contracts/labels";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { OlderPager } from "@/components/ui/older-pager";
import { requirePage } from "@/lib/auth/page-guard";
import { countContracts, isContractStatus, listContracts } from "@/lib/db/queries/contracts";
import { contractStatuses } from "@/lib/db/schema";

export const dynamic = "force-dynamic";
export const metadata = { title: "Contracts" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const notices: Record<string, string> = { voided: "Document voided." };

export default async function ContractsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const ctx = await requirePage(slug, "admin");
  const workspaceId = ctx.workspace.id;
  const status = isContractStatus(one(sp.status)) ? (one(sp.status) as (typeof contractStatuses)[number]) : null;
  const after = one(sp.after) || null;
  const [page, counts] = await Promise.all([listContracts(ctx.db, { workspaceId, status, after }), countContracts(ctx.db, { workspaceId })]);
  const base = `/w/${ctx.workspace.slug}/contracts`;
  const href = (o: { status?: string | null; after?: string | null }) => {
    const p = new URLSearchParams();
    if (o.status) p.set("status", o.status);
    if (o.after) p.set("after", o.after);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const newButton = (
    <Link href={`${base}/new`} className={buttonClass("primary")}>
      Upload a PDF
    </Link>
  );
  const notice = notices[one(sp.notice)];

  return (
    <>
      <PageHeader title="Contracts and proposals" description="Upload a PDF, place fields for each signer, and send it: clients sign in the portal." actions={counts.all > 0 ? newButton : undefined} />
      <div className="space-y-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {counts.all === 0 ? (
          <Card>
            <div className="py-10 text-center">
              <h2 className="text-base font-semibold text-gray-900">No contracts yet</h2>
              <p className="mx-auto mt-1 max-w-md text-sm text-gray-600">
                Upload a contract or a proposal as a PDF. You choose who signs it (clients with portal access), place signature, initials, date and
                text fields, then send it. Everyone gets the signed PDF with an audit page.
              </p>
              <div className="mt-5 flex justify-center">{newButton}</div>
            </div>
          </Card>
        ) : (
          <Card>
            <nav aria-label="Filter by status" className="-mx-1 mb-3 flex flex-wrap gap-1">
              {[null, ...contractStatuses].map((s) => {
                const active = s === status;
                const n = s ? counts[s] : counts.all;
                return (
                  <Link
                    key={s ?? "all"}
                    href={href({ status: s })}
                    aria-current={active ? "page" : undefined}
                    className={`rounded-full px-3 py-1 text-sm ${active ? "bg-brand-600 text-white" : "text-gray-700 ring-1 ring-gray-200 ring-inset hover:bg-gray-50"}`}
                  >
                    {s ? statusLabels[s] : "All"} <span className={active ? "text-white/80" : "text-gray-500"}>{n}</span>
                  </Link>
                );
              })}
            </nav>
            {page.rows.length === 0 ? (
              <p className="py-6 text-center text-sm text-gray-600">
                {status ? `No documents are ${statusLabels[status].toLowerCase()}.` : "No more documents."}{" "}
                <Link href={base} className="font-medium text-brand-700 hover:underline">
                  Show all
                </Link>
              </p>
            ) : (
              <ContractsList
                slug={ctx.workspace.slug}
                caption={status ? `${statusLabels[status]} documents, newest first` : "Documents, newest first"}
                rows={page.rows.map((r) => ({
                  id: r.id,
                  title: r.title,
                  kind: r.kind,
                  status: r.status,
                  signers: r.signers === 0 ? "No signers yet" : `${r.names ?? ""}${r.signers > 3 ? ` + ${r.signers - 3} more` : ""}`,
                  progress: r.signers === 0 ? "Draft" : `${r.signed} of ${r.signers} signed`,
                  date: dateFmt.format(r.createdAt),
                  dateIso: r.createdAt.toISOString(),
                }))}
              />
            )}
            <OlderPager label="Document pages" newestHref={after ? href({ status }) : null} olderHref={page.nextCursor ? href({ status, after: page.nextCursor }) : null} olderLabel="Older documents →" />
          </Card>
        )}
      </div>
    </>
  );
}
