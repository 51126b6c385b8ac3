import Link from "next/link";
import { TemplateForm } from "@/components/admin/client-centre/template-form";
import { PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { defaultClientCentreTemplate, splitBody } from "@/lib/client-centre/client-centre-templates";
import { saveClientCentreTemplateFormAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "New invitation template" };

export default async function NewTemplatePage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePage((await params).slug, "admin");
  const listHref = `/w/${ctx.workspace.slug}/settings/client-centre/templates`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={listHref} className="text-brand-700 hover:underline">
          ← Invitation templates
        </Link>
      </p>
      <PageHeader title="New invitation template" description="Starts from the default wording; the secure link stays where the lock is." />
      <TemplateForm
        slug={ctx.workspace.slug}
        listHref={listHref}
        template={{ name: "", subject: defaultClientCentreTemplate.subject, ...splitBody(defaultClientCentreTemplate.body), isDefault: false }}
        action={saveClientCentreTemplateFormAction}
      />
    </>
  );
}
