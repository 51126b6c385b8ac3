import { notFound } from "next/navigation";
import { DeleteOpportunity } from "@/components/admin/opportunities/delete-opportunity";
import { OpportunityForm } from "@/components/admin/opportunities/opportunity-form";
import { Card } from "@/components/ui/card";
import { OpportunityHeader } from "@/components/admin/opportunities/opportunity-header";
import { requirePage } from "@/lib/auth/page-guard";
import { listMembers } from "@/lib/db/queries/members";
import { getOpportunity, listOpportunityRequests } from "@/lib/db/queries/opportunities";
import { OPPORTUNITIES_ROLE } from "@/lib/opportunities/access";
import { moneyInputValue } from "@/lib/opportunities/money";
import { deleteOpportunityFormAction, updateOpportunityFormAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit opportunity" };

export default async function EditOpportunityPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await requirePage(slug, OPPORTUNITIES_ROLE);
  const o = await getOpportunity(ctx.db, { workspaceId: ctx.workspace.id, id });
  if (!o) notFound();
  const [members, reqs] = await Promise.all([listMembers(ctx.db, { workspaceId: ctx.workspace.id }), listOpportunityRequests(ctx.db, { workspaceId: ctx.workspace.id, opportunityId: o.id })]);
  const base = `/w/${ctx.workspace.slug}/opportunities/${o.id}`;
  return (
    <>
      <OpportunityHeader slug={ctx.workspace.slug} opportunity={o} tab="overview" />
      <div className="max-w-2xl space-y-6">
        <Card title="Edit opportunity">
          <OpportunityForm
            slug={ctx.workspace.slug}
            opportunity={{ id: o.id, name: o.name, stage: o.stage, value: moneyInputValue(o.valueCents), ownerUserId: o.ownerUserId ?? "" }}
            owners={members.map((m) => ({ userId: m.userId, label: m.name ? `${m.name} (${m.email})` : m.email }))}
            meUserId={ctx.user.id ?? ""}
            save={updateOpportunityFormAction}
            cancelHref={base}
          />
        </Card>
        <Card title="Delete opportunity" description="For an opportunity entered by mistake. To keep its history, set the stage to Lost instead.">
          <DeleteOpportunity slug={ctx.workspace.slug} id={o.id} name={o.name} requestCount={reqs.length} remove={deleteOpportunityFormAction} />
        </Card>
      </div>
    </>
  );
}
