import { OpportunityForm } from "@/components/admin/opportunities/opportunity-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listMembers } from "@/lib/db/queries/members";
import { OPPORTUNITIES_ROLE } from "@/lib/opportunities/access";
import { createOpportunityFormAction } from "../[id]/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "New opportunity" };

export default async function NewOpportunityPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, OPPORTUNITIES_ROLE);
  const members = await listMembers(ctx.db, { workspaceId: ctx.workspace.id });
  const base = `/w/${ctx.workspace.slug}/opportunities`;
  return (
    <>
      <PageHeader title="New opportunity" description="Add the applicants once it is created." />
      <div className="max-w-2xl">
        <Card>
          <OpportunityForm
            slug={ctx.workspace.slug}
            owners={members.map((m) => ({ userId: m.userId, label: m.name ? `${m.name} (${m.email})` : m.email }))}
            meUserId={ctx.user.id ?? ""}
            save={createOpportunityFormAction}
            cancelHref={base}
          />
        </Card>
      </div>
    </>
  );
}
