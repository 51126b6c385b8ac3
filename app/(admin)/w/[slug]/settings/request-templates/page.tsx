import Link from "next/link";
import { TemplateForm } from "@/components/admin/requests/template-form";
import { itemKindLabels } from "@/lib/requests/item.schema";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listRequestTemplates } from "@/lib/db/queries/requests";
import { REQUESTS_ROLE } from "@/lib/requests/access";
import { saveRequestTemplateFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Request templates" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ after?: string; notice?: string }> };

export default async function RequestTemplatesPage({ params, searchParams }: Props) {
  const ctx = await requirePage((await params).slug, REQUESTS_ROLE);
  const sp = await searchParams;
  const s = ctx.workspace.slug;
  const base = `/w/${s}/settings/request-templates`;
  const { rows, next } = await listRequestTemplates(ctx.db, { workspaceId: ctx.workspace.id, after: sp.after ?? null, limit: 50 });
  return (
    <>
      <PageHeader title="Request templates" description="Saved sets of questions and documents to start a request from, e.g. KYC documents." />
      <div className="max-w-3xl space-y-6">
        {sp.notice === "deleted" && <Alert tone="success">Template deleted. Requests made from it keep their items.</Alert>}
        <Card title="Templates">
          {rows.length === 0 ? (
            <p className="text-sm text-gray-600">No templates yet. Create the first one below, or save a request as a template from its edit page.</p>
          ) : (
            <ul className="-my-2 divide-y divide-gray-100">
              {rows.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <Link href={`${base}/${t.id}`} className="font-medium break-words text-brand-700 hover:underline">
                      {t.name}
                    </Link>
                    <p className="text-sm text-gray-600">
                      {t.items.length === 1 ? "1 item" : `${t.items.length} items`}
                      {t.items.length > 0 && `: ${t.items.slice(0, 4).map((i) => i.label).join(", ")}${t.items.length > 4 ? ", …" : ""}`}
                    </p>
                    {t.items.length > 0 && (
                      <p className="text-xs text-gray-500">{[...new Set(t.items.map((i) => itemKindLabels[i.kind]))].join(" · ")}</p>
                    )}
                  </div>
                  <Link href={`${base}/${t.id}`} className={buttonClass("secondary")}>
                    Edit
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {(sp.after || next) && (
            <nav aria-label="Template pages" className="mt-4 flex justify-between border-t border-gray-100 pt-4">
              {sp.after ? (
                <Link href={base} className={buttonClass("secondary")}>
                  Back to the start
                </Link>
              ) : (
                <span />
              )}
              {next && (
                <Link href={`${base}?after=${next}`} className={buttonClass("secondary")}>
                  More templates
                </Link>
              )}
            </nav>
          )}
        </Card>
        <Card title="New template" description="Name it, then add its items on the next page.">
          <TemplateForm slug={s} save={saveRequestTemplateFormAction} />
        </Card>
      </div>
    </>
  );
}
