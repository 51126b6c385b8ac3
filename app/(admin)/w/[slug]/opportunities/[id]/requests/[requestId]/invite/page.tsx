import { notFound } from "next/navigation";
import { InviteFlow } from "@/components/admin/client-centre/invite-flow";
import { AccessPage, applicantViews } from "@/components/admin/client-centre/access-page";
import { requirePage } from "@/lib/auth/page-guard";
import { applicantReadiness, requestForAccess } from "@/lib/client-centre/applicant-readiness";
import { listClientCentreTemplates } from "@/lib/client-centre/client-centre-templates";
import { getDefaultEmailProfile } from "@/lib/messaging/workspace-email";
import { isAppError } from "@/lib/errors";
import { inviteStepAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Send invitation" };

type Props = { params: Promise<{ slug: string; id: string; requestId: string }> };

export default async function InvitePage({ params }: Props) {
  const { slug, id, requestId } = await params;
  const ctx = await requirePage(slug, "admin");
  const w = ctx.workspace.id;
  const request = await requestForAccess(ctx.db, { workspaceId: w, requestId, opportunityId: id }).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const [applicants, templates, profile] = await Promise.all([
    applicantReadiness(ctx.db, { workspaceId: w, opportunityId: request.opportunityId }),
    listClientCentreTemplates(ctx.db, { workspaceId: w }),
    getDefaultEmailProfile(ctx.db, { workspaceId: w }),
  ]);
  const base = `/w/${ctx.workspace.slug}`;
  const requestHref = `${base}/opportunities/${request.opportunityId}/requests/${request.id}`;
  return (
    <AccessPage requestHref={requestHref} request={request} title="Send invitation" description="Give applicants access to this request in the Client Centre. Each gets a new secure link; any link they had before stops working." doing="sending access">
      <InviteFlow
        slug={ctx.workspace.slug}
        requestId={request.id}
        base={base}
        requestHref={requestHref}
        copyHref={`${requestHref}/copy-link`}
        applicants={applicantViews(applicants, ctx.workspace.country)}
        templates={templates.map((t) => ({ id: t.id, name: t.name, isDefault: t.isDefault }))}
        profile={profile ? `${profile.fromName} <${profile.fromAddress}>` : null}
        action={inviteStepAction}
      />
    </AccessPage>
  );
}
