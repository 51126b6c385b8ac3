import Link from "next/link";
import { notFound } from "next/navigation";
import { ItemsEditor } from "@/components/admin/requests/items-editor";
import { RequestForm } from "@/components/admin/requests/request-form";
import { SaveAsTemplate } from "@/components/admin/requests/save-as-template";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { getRequest, itemUseCounts } from "@/lib/db/queries/requests";
import { REQUESTS_ROLE } from "@/lib/requests/access";
import { dueDateOf } from "@/lib/requests/request-fields.schema";
import {
  addRequestItemFormAction,
  moveRequestItemFormAction,
  removeRequestItemFormAction,
  saveRequestAsTemplateFormAction,
  updateRequestFormAction,
  updateRequestItemFormAction,
} from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit request" };

type Props = { params: Promise<{ slug: string; id: string; requestId: string }>; searchParams: Promise<{ notice?: string }> };

export default async function EditRequestPage({ params, searchParams }: Props) {
  const { slug, id, requestId } = await params;
  const ctx = await requirePage(slug, REQUESTS_ROLE);
  const w = { workspaceId: ctx.workspace.id };
  const req = await getRequest(ctx.db, { ...w, id: requestId, opportunityId: id });
  if (!req) notFound();
  const used = await itemUseCounts(ctx.db, { ...w, requestId: req.id });
  const s = ctx.workspace.slug;
  const back = `/w/${s}/opportunities/${req.opportunityId}/requests/${req.id}`;
  const notice = (await searchParams).notice;
  return (
    <>
      <PageHeader
        title={`Edit: ${req.title}`}
        description={
          <>
            On{" "}
            <Link href={`/w/${s}/opportunities/${req.opportunityId}`} className="font-medium text-brand-700 hover:underline">
              {req.opportunityName}
            </Link>
            .{" "}
            <Link href={back} className="font-medium text-brand-700 hover:underline">
              Back to the request
            </Link>
          </>
        }
      />
      <div className="max-w-3xl space-y-6">
        {notice === "created" && <Alert tone="success">Request created as a draft. Add its items, then set it to Open so applicants can answer.</Alert>}
        {req.status === "draft" && req.items.length > 0 && notice !== "created" && (
          <Alert tone="info">This request is a draft: applicants cannot see it. Set its status to Open below when the items are ready.</Alert>
        )}
        <Card title="Items" description="Questions and documents, in the order applicants see them.">
          <ItemsEditor
            slug={s}
            owner="request"
            ownerId={req.id}
            items={req.items.map((i) => ({ ref: i.id, kind: i.kind, label: i.label, helpText: i.helpText, required: i.required, options: i.options, used: used[i.id] ?? 0 }))}
            actions={{ add: addRequestItemFormAction, update: updateRequestItemFormAction, remove: removeRequestItemFormAction, move: moveRequestItemFormAction }}
          />
        </Card>
        <Card title="Details">
          <RequestForm
            slug={s}
            opportunityId={req.opportunityId}
            request={{
              id: req.id,
              title: req.title,
              message: req.message ?? "",
              dueDate: dueDateOf(req.dueAt),
              reminderDaysBefore: req.reminderDaysBefore ? String(req.reminderDaysBefore) : "",
              status: req.status,
            }}
            save={updateRequestFormAction}
            cancelHref={back}
          />
        </Card>
        <Card title="Reuse it" description="Save this request's title, message and items as a template for the next one.">
          <SaveAsTemplate slug={s} requestId={req.id} defaultName={req.title} save={saveRequestAsTemplateFormAction} />
        </Card>
      </div>
    </>
  );
}
