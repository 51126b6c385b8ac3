import Link from "next/link";
import { notFound } from "next/navigation";
import { OpportunityHeader } from "@/components/admin/opportunities/opportunity-header";
import { RequestsList } from "@/components/admin/opportunities/requests-list";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { now } from "@/lib/clock";
import { getOpportunity, listApplicants, listOpportunityRequests } from "@/lib/db/queries/opportunities";
import { OPPORTUNITIES_ROLE } from "@/lib/opportunities/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Client Centre" };

export default async function OpportunityClientCentrePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await requirePage(slug, OPPORTUNITIES_ROLE);
  const workspaceId = ctx.workspace.id;
  const o = await getOpportunity(ctx.db, { workspaceId, id });
  if (!o) notFound();
  const [rows, applicants] = await Promise.all([listOpportunityRequests(ctx.db, { workspaceId, opportunityId: o.id }), listApplicants(ctx.db, { workspaceId, opportunityId: o.id })]);
  const base = `/w/${ctx.workspace.slug}/opportunities/${o.id}`;
  const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const at = now();
  const ready = applicants.filter((a) => a.missing.length === 0).length;
  const newRequest = (
    <Link href={`${base}/requests/new`} className={buttonClass("primary")}>
      New request
    </Link>
  );
  return (
    <>
      <OpportunityHeader slug={ctx.workspace.slug} opportunity={o} tab="client-centre" />
      <div className="space-y-4">
        {applicants.length === 0 ? (
          <Alert tone="warning">
            This opportunity has no applicants yet, so nobody can answer a request.{" "}
            <Link href={`${base}#add-applicant`} className="font-medium underline">
              Add an applicant
            </Link>
          </Alert>
        ) : (
          ready < applicants.length && (
            <Alert tone="warning">
              {applicants.length - ready} of {applicants.length} applicants cannot be sent access yet: their contact lacks a first name, last name,
              email or mobile number.{" "}
              <Link href={base} className="font-medium underline">
                See what is missing
              </Link>
            </Alert>
          )
        )}
        <Card title="Requests" description="Ask the applicants for information and documents; they answer in the Client Centre after two-step sign-in." actions={rows.length > 0 ? newRequest : undefined}>
          {rows.length === 0 ? (
            <div className="py-8 text-center">
              <h3 className="text-base font-semibold text-gray-900">No requests yet</h3>
              <p className="mx-auto mt-1 max-w-md text-sm text-gray-600">
                A request lists the questions and documents you need. Start from scratch or from a saved template, then send the applicants their
                secure link.
              </p>
              <div className="mt-5 flex justify-center">{newRequest}</div>
            </div>
          ) : (
            <RequestsList
              slug={ctx.workspace.slug}
              opportunityId={o.id}
              rows={rows.map((r) => ({
                id: r.id,
                title: r.title,
                status: r.status,
                due: r.dueAt ? dateFmt.format(r.dueAt) : "",
                dueIso: r.dueAt ? r.dueAt.toISOString() : null,
                overdue: Boolean(r.dueAt && r.dueAt < at && r.status === "open" && r.submitted < r.applicants),
                submitted: r.submitted,
                applicants: r.applicants,
              }))}
            />
          )}
        </Card>
      </div>
    </>
  );
}
