// The frame both access screens (Send invitation, Copy invitation link) share: the way back to the request, the
// header, and the refusal for a request that is not open; plus the applicants as those screens show them.
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert, PageHeader } from "@/components/ui/card";
import type { ApplicantReadiness } from "@/lib/client-centre/applicant-readiness";
import { formatPhone } from "@/lib/validation/phone";
import type { ApplicantView } from "./applicant-label";

type Props = {
  requestHref: string;
  request: { title: string; opportunityName: string; status: string };
  title: string;
  description: string;
  /** "sending access", "giving access": what an open request would allow. */
  doing: string;
  children: ReactNode;
};

export function AccessPage({ requestHref, request, title, description, doing, children }: Props) {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={requestHref} className="text-brand-700 hover:underline">
          ← {request.opportunityName}: {request.title}
        </Link>
      </p>
      <PageHeader title={title} description={description} />
      {request.status !== "open" ? (
        <Alert tone="warning">
          This request is {request.status === "draft" ? "a draft, so clients can't see it yet" : "closed, so it can no longer be answered"}. Open it on the{" "}
          <Link href={requestHref} className="font-medium underline">
            request page
          </Link>{" "}
          before {doing}.
        </Alert>
      ) : (
        children
      )}
    </>
  );
}

export function applicantViews(applicants: ApplicantReadiness[], country: string): ApplicantView[] {
  return applicants.map((a) => ({ id: a.id, name: a.name, email: a.email, phone: formatPhone(a.phone, country), role: a.role, missing: a.missing, phoneWarning: a.phoneWarning, revoked: a.portalStatus === "revoked" }));
}
