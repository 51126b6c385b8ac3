import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyLinkForm } from "@/components/admin/client-centre/copy-link-form";
import { Alert, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { applicantReadiness, requestForAccess } from "@/lib/client-centre/applicant-readiness";
import { isAppError } from "@/lib/errors";
import { formatPhone } from "@/lib/validation/phone";
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
    <>
      <p className="mb-2 text-sm">
        <Link href={requestHref} className="text-brand-700 hover:underline">
          ← {request.opportunityName}: {request.title}
        </Link>
      </p>
      <PageHeader title="Copy invitation link" description="A secure link you can paste into your own email. The client still needs the one-time code we send to their phone and email." />
      {request.status !== "open" ? (
        <Alert tone="warning">
          This request is {request.status === "draft" ? "a draft, so clients can't see it yet" : "closed, so it can no longer be answered"}. Open it on the{" "}
          <Link href={requestHref} className="font-medium underline">
            request page
          </Link>{" "}
          before giving access.
        </Alert>
      ) : (
        <CopyLinkForm
          slug={ctx.workspace.slug}
          requestId={request.id}
          base={base}
          requestHref={requestHref}
          applicants={applicants.map((a) => ({ id: a.id, name: a.name, email: a.email, phone: formatPhone(a.phone, ctx.workspace.country), role: a.role, missing: a.missing, phoneWarning: a.phoneWarning, revoked: a.portalStatus === "revoked" }))}
          action={copyClientCentreLinkFormAction}
        />
      )}
    </>
  );
}
