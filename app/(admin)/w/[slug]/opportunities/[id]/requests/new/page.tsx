import Link from "next/link";
import { notFound } from "next/navigation";
import { RequestForm } from "@/components/admin/requests/request-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { getOpportunityName, listRequestTemplates } from "@/lib/db/queries/requests";
import { REQUESTS_ROLE } from "@/lib/requests/access";
import { createRequestFormAction } from "../[requestId]/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "New request" };

type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ template?: string }> };

export default async function NewRequestPage({ params, searchParams }: Props) {
  const { slug, id } = await params;
  const ctx = await requirePage(slug, REQUESTS_ROLE);
  const opp = await getOpportunityName(ctx.db, { workspaceId: ctx.workspace.id, id });
  if (!opp) notFound();
  const { rows } = await listRequestTemplates(ctx.db, { workspaceId: ctx.workspace.id, limit: 100 });
  const s = ctx.workspace.slug;
  const back = `/w/${s}/opportunities/${opp.id}`;
  return (
    <>
      <PageHeader
        title="New request"
        description={
          <>
            For{" "}
            <Link href={back} className="font-medium text-brand-700 hover:underline">
              {opp.name}
            </Link>
            . Its applicants answer it in the Client Centre.{" "}
            <Link href={`/w/${s}/settings/request-templates`} className="font-medium text-brand-700 hover:underline">
              Manage templates
            </Link>
          </>
        }
      />
      <div className="max-w-2xl">
        <Card>
          <RequestForm
            slug={s}
            opportunityId={opp.id}
            templates={rows.map((t) => ({ id: t.id, name: t.name, items: t.items.length }))}
            preselect={(await searchParams).template}
            save={createRequestFormAction}
            cancelHref={back}
          />
        </Card>
      </div>
    </>
  );
}
