import Link from "next/link";
import { notFound } from "next/navigation";
import { TemplateForm } from "@/components/admin/client-centre/template-form";
import { PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { isUuid } from "@/lib/db/queries/client-centre-access";
import { getClientCentreTemplate, splitBody } from "@/lib/client-centre/client-centre-templates";
import { isAppError } from "@/lib/errors";
import { saveClientCentreTemplateFormAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit invitation template" };

export default async function EditTemplatePage({ params }: { params: Promise<{ slug: string; templateId: string }> }) {
  const { slug, templateId } = await params;
  const ctx = await requirePage(slug, "admin");
  if (!isUuid(templateId)) notFound();
  const t = await getClientCentreTemplate(ctx.db, { workspaceId: ctx.workspace.id, templateId }).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const listHref = `/w/${ctx.workspace.slug}/settings/client-centre/templates`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={listHref} className="text-brand-700 hover:underline">
          ← Invitation templates
        </Link>
      </p>
      <PageHeader title={`Edit “${t.name}”`} description={t.isDefault ? "This is the default template." : undefined} />
      <TemplateForm slug={ctx.workspace.slug} listHref={listHref} template={{ id: t.id, name: t.name, subject: t.subject, ...splitBody(t.body), isDefault: t.isDefault }} action={saveClientCentreTemplateFormAction} />
    </>
  );
}
