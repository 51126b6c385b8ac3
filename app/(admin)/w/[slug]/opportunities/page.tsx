import Link from "next/link";
import { OpportunitiesSearch } from "@/components/admin/opportunities/opportunities-search";
import { OpportunitiesTable } from "@/components/admin/opportunities/opportunities-table";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { OlderPager } from "@/components/ui/older-pager";
import { requirePage } from "@/lib/auth/page-guard";
import { countOpportunities, isOpportunityStage, listOpportunities } from "@/lib/db/queries/opportunities";
import { OPPORTUNITIES_ROLE } from "@/lib/opportunities/access";
import { stageLabels } from "@/lib/opportunities/labels";
import { formatMoney } from "@/lib/opportunities/money";
import { openSearch } from "@/lib/opportunities/search-token";
import { searchOpportunitiesAction } from "./[id]/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Opportunities" };

const notices: Record<string, string> = { deleted: "Opportunity deleted." };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function OpportunitiesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const ctx = await requirePage(slug, OPPORTUNITIES_ROLE);
  // The term arrives sealed (?s=), never as typed: it may be an email address.
  const sealed = one(sp.s);
  const q = openSearch(sealed);
  const stage = isOpportunityStage(one(sp.stage)) ? one(sp.stage) : "";
  const after = one(sp.after) || null;
  const workspaceId = ctx.workspace.id;
  const [page, total] = await Promise.all([listOpportunities(ctx.db, { workspaceId, q, stage, after }), countOpportunities(ctx.db, { workspaceId })]);
  const base = `/w/${ctx.workspace.slug}/opportunities`;
  const href = (cursor?: string) => {
    const p = new URLSearchParams();
    if (q) p.set("s", sealed);
    if (stage) p.set("stage", stage);
    if (cursor) p.set("after", cursor);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  const filtered = Boolean(q || stage);
  const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const notice = notices[one(sp.notice)];
  const newButton = (
    <Link href={`${base}/new`} className={buttonClass("primary")}>
      New opportunity
    </Link>
  );

  return (
    <>
      <PageHeader
        title="Opportunities"
        description={total === 1 ? "1 opportunity. Each has applicants you can ask for information and documents." : `${total.toLocaleString("en-IN")} opportunities. Each has applicants you can ask for information and documents.`}
        actions={total > 0 ? newButton : undefined}
      />
      <div className="space-y-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {total === 0 ? (
          <Card>
            <div className="py-10 text-center">
              <h2 className="text-base font-semibold text-gray-900">No opportunities yet</h2>
              <p className="mx-auto mt-1 max-w-md text-sm text-gray-600">
                An opportunity is a deal or an application (a loan, an account, a policy). Add the clients involved as applicants, then send
                them requests for information and documents through the Client Centre.
              </p>
              <div className="mt-5 flex justify-center">{newButton}</div>
            </div>
          </Card>
        ) : (
          <Card>
            <div className="space-y-4">
              <OpportunitiesSearch slug={ctx.workspace.slug} q={q} stage={stage} action={searchOpportunitiesAction} />
              {page.rows.length === 0 ? (
                <p className="py-6 text-center text-sm text-gray-600">
                  {filtered
                    ? `No opportunities match${q ? ` “${q}”` : ""}${stage ? ` in stage ${stageLabels[stage as keyof typeof stageLabels]}` : ""}. Check the spelling, or search for part of a name, email or number.`
                    : "No more opportunities."}{" "}
                  <Link href={base} className="font-medium text-brand-700 hover:underline">
                    Show all opportunities
                  </Link>
                </p>
              ) : (
                <OpportunitiesTable
                  slug={ctx.workspace.slug}
                  caption={filtered ? "Matching opportunities" : "Opportunities, newest first"}
                  rows={page.rows.map((o) => ({
                    id: o.id,
                    name: o.name,
                    stage: o.stage,
                    value: formatMoney(o.valueCents, o.currency),
                    owner: o.ownerName || o.ownerEmail || "—",
                    applicants: o.applicantCount === 0 ? "No applicants yet" : `${o.primaryName ?? "No primary"}${o.applicantCount > 1 ? ` + ${o.applicantCount - 1} more` : ""}`,
                    created: dateFmt.format(o.createdAt),
                    createdIso: o.createdAt.toISOString(),
                  }))}
                />
              )}
            </div>
            <OlderPager label="Opportunity pages" newestHref={after ? href() : null} olderHref={page.nextCursor ? href(page.nextCursor) : null} olderLabel="Older opportunities →" />
          </Card>
        )}
      </div>
    </>
  );
}
