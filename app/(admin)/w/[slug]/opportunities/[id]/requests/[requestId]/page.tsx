import Link from "next/link";
import { notFound } from "next/navigation";
import { AccessPanel } from "@/components/admin/client-centre/access-panel";
import { ApplicantAnswers } from "@/components/admin/requests/applicant-answers";
import { RequestStatusBadge } from "@/components/admin/requests/badges";
import { formatDay } from "@/components/admin/requests/labels";
import { ProgressMatrix } from "@/components/admin/requests/progress-matrix";
import { StatusButton } from "@/components/admin/requests/review-forms";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { getRequest, requestProgress } from "@/lib/db/queries/requests";
import { REQUESTS_ROLE } from "@/lib/requests/access";
import { reviewDocumentFormAction, setRequestStatusFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Request" };

type Props = { params: Promise<{ slug: string; id: string; requestId: string }>; searchParams: Promise<{ notice?: string }> };

export default async function RequestPage({ params, searchParams }: Props) {
  const { slug, id, requestId } = await params;
  const ctx = await requirePage(slug, REQUESTS_ROLE);
  const w = { workspaceId: ctx.workspace.id };
  const req = await getRequest(ctx.db, { ...w, id: requestId, opportunityId: id });
  if (!req) notFound();
  const progress = await requestProgress(ctx.db, { ...w, request: req });
  const s = ctx.workspace.slug;
  const here = `/w/${s}/opportunities/${req.opportunityId}/requests/${req.id}`;
  const submitted = progress.filter((p) => p.state === "submitted").length;
  const notice = (await searchParams).notice;
  return (
    <>
      <PageHeader
        title={req.title}
        description={
          <>
            <RequestStatusBadge status={req.status} />{" "}
            <span className="ml-1">
              On{" "}
              <Link href={`/w/${s}/opportunities/${req.opportunityId}`} className="font-medium text-brand-700 hover:underline">
                {req.opportunityName}
              </Link>
              {req.dueAt ? ` · due ${formatDay(req.dueAt)}` : " · no due date"}
              {req.dueAt && req.reminderDaysBefore ? ` · reminder ${req.reminderDaysBefore} ${req.reminderDaysBefore === 1 ? "day" : "days"} before` : ""}
              {` · ${submitted} of ${progress.length} submitted`}
            </span>
          </>
        }
        actions={
          <>
            <Link href={`${here}/invite`} className={buttonClass("primary")}>
              Send invitation
            </Link>
            <Link href={`${here}/copy-link`} className={buttonClass("secondary")}>
              Copy invitation
            </Link>
            <Link href={`${here}/edit`} className={buttonClass("secondary")}>
              Edit items
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        {notice === "created" && <Alert tone="success">Request created and open. Send the invitation to the applicants who should answer it.</Alert>}
        {req.status === "draft" && (
          <div className="flex flex-wrap items-start justify-between gap-3 rounded-md bg-amber-50 px-4 py-3 ring-1 ring-amber-200 ring-inset">
            <p className="text-sm text-amber-900">This request is a draft: applicants cannot see it yet. Open it once its items are ready.</p>
            <StatusButton slug={s} requestId={req.id} to="open" label="Open the request" variant="primary" save={setRequestStatusFormAction} />
          </div>
        )}
        {req.status === "closed" && (
          <div className="flex flex-wrap items-start justify-between gap-3 rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200 ring-inset">
            <p className="text-sm text-slate-800">This request is closed: applicants can read it but no longer answer.</p>
            <StatusButton slug={s} requestId={req.id} to="open" label="Re-open" save={setRequestStatusFormAction} />
          </div>
        )}
        <AccessPanel workspaceId={ctx.workspace.id} slug={s} opportunityId={req.opportunityId} requestId={req.id} />
        <Card
          title="Progress"
          description={`${req.items.length} ${req.items.length === 1 ? "item" : "items"} · each applicant answers for themselves.`}
          actions={req.status === "open" ? <StatusButton slug={s} requestId={req.id} to="closed" label="Close the request" save={setRequestStatusFormAction} /> : undefined}
        >
          {req.items.length === 0 ? (
            <p className="text-sm text-gray-600">
              No items yet.{" "}
              <Link href={`${here}/edit`} className="font-medium text-brand-700 hover:underline">
                Add questions and documents
              </Link>
              .
            </p>
          ) : (
            <ProgressMatrix items={req.items} progress={progress} />
          )}
        </Card>
        {req.items.length > 0 && progress.map((p) => <ApplicantAnswers key={p.contactId} slug={s} items={req.items} p={p} review={reviewDocumentFormAction} />)}
      </div>
    </>
  );
}
