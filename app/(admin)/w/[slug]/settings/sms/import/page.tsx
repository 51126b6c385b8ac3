import Link from "next/link";
import { DltImport } from "@/components/admin/sms/dlt-import";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { countDltTemplates } from "@/lib/db/queries/dlt-templates";
import { DLT_IMPORT_ROLE } from "@/lib/sms/dlt-import/dlt-import.schema";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import DLT templates" };

export default async function DltImportPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePage((await params).slug, DLT_IMPORT_ROLE);
  const imported = await countDltTemplates(ctx.db, { workspaceId: ctx.workspace.id });
  const slug = ctx.workspace.slug;
  return (
    <>
      <PageHeader
        title="Import DLT templates"
        description={
          <>
            Your approved content templates from the DLT portal, so each text message can be mapped to one.{" "}
            {imported > 0 ? `${imported.toLocaleString("en-IN")} imported so far.` : "None imported yet."}
          </>
        }
        actions={
          <Link href={`/w/${slug}/settings/sms`} className="text-sm font-medium text-brand-700 hover:underline">
            ← SMS settings
          </Link>
        }
      />
      <Card>
        <DltImport workspaceSlug={slug} />
      </Card>
    </>
  );
}
