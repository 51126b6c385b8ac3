import Link from "next/link";
import { TemplatesList } from "@/components/admin/client-centre/templates-list";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listClientCentreTemplates } from "@/lib/client-centre/client-centre-templates";
import { deleteClientCentreTemplateFormAction, makeDefaultClientCentreTemplateFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invitation templates" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ notice?: string }> };

export default async function ClientCentreTemplatesPage({ params, searchParams }: Props) {
  const ctx = await requirePage((await params).slug, "admin");
  const sp = await searchParams;
  const rows = await listClientCentreTemplates(ctx.db, { workspaceId: ctx.workspace.id });
  const base = `/w/${ctx.workspace.slug}/settings/client-centre/templates`;
  return (
    <>
      <PageHeader
        title="Invitation templates"
        description="The emails that give clients access to a Client Centre request. Each carries the client's secure link, {{client_centre.link}}, exactly once."
        actions={
          <Link href={`${base}/new`} className={buttonClass("primary")}>
            New template
          </Link>
        }
      />
      <div className="space-y-4">
        {sp.notice === "saved" && <Alert tone="success">Template saved.</Alert>}
        <Card title="Templates" description="The default is picked first when you send an invitation, and used by Resend.">
          <TemplatesList
            slug={ctx.workspace.slug}
            base={base}
            rows={rows.map(({ id, name, subject, isDefault }) => ({ id, name, subject, isDefault }))}
            makeDefault={makeDefaultClientCentreTemplateFormAction}
            remove={deleteClientCentreTemplateFormAction}
          />
        </Card>
      </div>
    </>
  );
}
