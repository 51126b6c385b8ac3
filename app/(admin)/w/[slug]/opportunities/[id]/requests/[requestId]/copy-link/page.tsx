import { notFound } from "next/navigation";
import { CopyLinkForm } from "@/components/admin/client-centre/copy-link-form";
import { AccessPage, applicantViews } from "@/components/admin/client-centre/access-page";
import { requirePage } from "@/lib/auth/page-guard";
import { applicantReadiness, requestForAccess } from "@/lib/client-centre/applicant-readiness";
import { isAppError } from "@/lib/errors";
import { copyClientCentreLinkFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Copy invitation link" };

type Props = { params: Promise<{ slug: string; id: string; requestId: string }> };

export default async function CopyLinkPage({ params }: Props) {
  const { slug, id, requestId } = await params;
  const ctx = await requirePage(slug, "admin");
  const w = ctx.workspace.id;
  const request = await requestForAccess(ctx.db, { workspaceId: w, requestId, opportunityId: id }).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const applicants = await applicantReadiness(ctx.db, { workspaceId: w, opportunityId: request.opportunityId });
  const base = `/w/${ctx.workspace.slug}`;
  const requestHref = `${base}/opportunities/${request.opportunityId}/requests/${request.id}`;
  return (
    <AccessPage requestHref={requestHref} request={request} title="Copy invitation link" description="A secure link you can paste into your own email. The client still needs the one-time code we send to their phone and email." doing="giving access">
      <CopyLinkForm
        slug={ctx.workspace.slug}
        requestId={request.id}
        base={base}
        requestHref={requestHref}
        applicants={applicantViews(applicants, ctx.workspace.country)}
        action={copyClientCentreLinkFormAction}
      />
    </AccessPage>
  );
}
