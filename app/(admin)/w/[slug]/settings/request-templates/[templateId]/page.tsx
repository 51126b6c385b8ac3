import Link from "next/link";
import { notFound } from "next/navigation";
import { ItemsEditor } from "@/components/admin/requests/items-editor";
import { DeleteTemplate, TemplateForm } from "@/components/admin/requests/template-form";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { getRequestTemplate } from "@/lib/db/queries/requests";
import { REQUESTS_ROLE } from "@/lib/requests/access";
import {
  addTemplateItemFormAction,
  deleteRequestTemplateFormAction,
  moveTemplateItemFormAction,
  removeTemplateItemFormAction,
  saveRequestTemplateFormAction,
  updateTemplateItemFormAction,
} from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Request template" };

type Props = { params: Promise<{ slug: string; templateId: string }>; searchParams: Promise<{ notice?: string }> };

export default async function RequestTemplatePage({ params, searchParams }: Props) {
  const { slug, templateId } = await params;
  const ctx = await requirePage(slug, REQUESTS_ROLE);
  const t = await getRequestTemplate(ctx.db, { workspaceId: ctx.workspace.id, id: templateId });
  if (!t) notFound();
  const s = ctx.workspace.slug;
  const notice = (await searchParams).notice;
  return (
    <>
      <PageHeader
        title={t.name}
        description={
          <Link href={`/w/${s}/settings/request-templates`} className="font-medium text-brand-700 hover:underline">
            All request templates
          </Link>
        }
      />
      <div className="max-w-3xl space-y-6">
        {notice === "created" && <Alert tone="success">Template created. Add its questions and documents below.</Alert>}
        <Card title="Items" description="Requests made from this template start with a copy of these; changing them later changes no request.">
          <ItemsEditor
            slug={s}
            owner="template"
            ownerId={t.id}
            items={t.items.map((i, k) => ({ ref: String(k), kind: i.kind, label: i.label, helpText: i.helpText ?? null, required: i.required, options: i.options ?? null }))}
            actions={{ add: addTemplateItemFormAction, update: updateTemplateItemFormAction, remove: removeTemplateItemFormAction, move: moveTemplateItemFormAction }}
          />
        </Card>
        <Card title="Details">
          <TemplateForm slug={s} template={{ id: t.id, name: t.name, title: t.title, message: t.message ?? "" }} save={saveRequestTemplateFormAction} />
        </Card>
        <Card title="Delete">
          <DeleteTemplate slug={s} id={t.id} name={t.name} remove={deleteRequestTemplateFormAction} />
        </Card>
      </div>
    </>
  );
}
