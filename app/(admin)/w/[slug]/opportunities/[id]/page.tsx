import Link from "next/link";
import { notFound } from "next/navigation";
import { CandidateList } from "@/components/admin/opportunities/add-applicant";
import { ApplicantList } from "@/components/admin/opportunities/applicant-list";
import { OpportunityHeader } from "@/components/admin/opportunities/opportunity-header";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { SLUG_FIELD } from "@/lib/actions/form-state";
import { ConversationLink } from "@/components/admin/inbox/conversation-link";
import { requirePage } from "@/lib/auth/page-guard";
import { getOpportunity, listApplicants, searchApplicantCandidates } from "@/lib/db/queries/opportunities";
import { OPPORTUNITIES_ROLE } from "@/lib/opportunities/access";
import { openSearch } from "@/lib/opportunities/search-token";
import { formatPhone } from "@/lib/validation/phone";
import { addApplicantFormAction, changeApplicantRoleFormAction, removeApplicantFormAction, searchApplicantCandidatesAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Opportunity" };

const notices: Record<string, string> = {
  created: "Opportunity created. Now add its applicants.",
  updated: "Changes saved.",
  applicant_added: "Applicant added.",
};
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const fullName = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`.trim();

export default async function OpportunityPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug, id } = await params;
  const sp = await searchParams;
  const ctx = await requirePage(slug, OPPORTUNITIES_ROLE);
  const workspaceId = ctx.workspace.id;
  const o = await getOpportunity(ctx.db, { workspaceId, id });
  if (!o) notFound();
  // The picker's term arrives sealed (?cs=): it may be an email address or a phone number.
  const sealed = one(sp.cs);
  const q = openSearch(sealed);
  const cursor = one(sp.ca) || null;
  const [applicants, candidates] = await Promise.all([
    listApplicants(ctx.db, { workspaceId, opportunityId: o.id }),
    searchApplicantCandidates(ctx.db, { workspaceId, opportunityId: o.id, q, after: cursor, limit: 10 }),
  ]);
  const base = `/w/${ctx.workspace.slug}/opportunities/${o.id}`;
  const pickerHref = (after?: string) => {
    const p = new URLSearchParams();
    if (q) p.set("cs", sealed);
    if (after) p.set("ca", after);
    const s = p.toString();
    return `${base}${s ? `?${s}` : ""}#add-applicant`;
  };
  const country = ctx.workspace.country;
  const hasPrimary = applicants.some((a) => a.role === "primary");
  const incomplete = applicants.filter((a) => a.missing.length > 0).length;
  const notice = notices[one(sp.notice)];

  return (
    <>
      <OpportunityHeader
        slug={ctx.workspace.slug}
        opportunity={o}
        tab="overview"
        actions={applicants.length > 0 && <ConversationLink workspace={ctx.workspace} userId={ctx.user.id} subject={{ opportunityId: o.id }} name="applicants" />}
      />
      <div className="space-y-6">
        {notice && <Alert tone="success">{notice}</Alert>}
        <Card
          title="Applicants"
          description={
            applicants.length === 0
              ? "The clients on this opportunity. They answer its requests in the Client Centre."
              : `${applicants.length} ${applicants.length === 1 ? "applicant" : "applicants"}${incomplete ? `; ${incomplete} cannot get Client Centre access until their contact is complete` : ""}.`
          }
        >
          <ApplicantList
            slug={ctx.workspace.slug}
            opportunityName={o.name}
            applicants={applicants.map((a) => ({
              id: a.id,
              contactId: a.contactId,
              name: fullName(a) || a.email || "Unnamed contact",
              email: a.email ?? "",
              phone: formatPhone(a.phone, country),
              role: a.role,
              missing: a.missing,
            }))}
            changeRole={changeApplicantRoleFormAction}
            remove={removeApplicantFormAction}
          />
        </Card>

        <section id="add-applicant" className="scroll-mt-6">
          <Card title="Add an applicant" description="Find a contact of this workspace. Not there yet? Add them on the Contacts page first.">
            <div className="space-y-4">
              <form role="search" action={searchApplicantCandidatesAction} className="flex flex-col gap-3 sm:flex-row sm:items-end">
                <input type="hidden" name={SLUG_FIELD} value={ctx.workspace.slug} />
                <input type="hidden" name="opportunityId" value={o.id} />
                <div className="flex-1">
                  <Field id="applicant-search" label="Search contacts by name, email or phone">
                    <Input id="applicant-search" name="q" type="search" defaultValue={q} autoComplete="off" maxLength={100} placeholder="e.g. Asha, asha@example.com, 98765 43210" />
                  </Field>
                </div>
                <Button type="submit" variant="secondary">
                  Search
                </Button>
              </form>
              {candidates.rows.length === 0 ? (
                <p className="text-sm text-gray-600">
                  {q ? `No contact matches “${q}”, or everyone who does is already an applicant.` : "Every contact is already an applicant."}{" "}
                  <Link href={`/w/${ctx.workspace.slug}/contacts/new`} className="font-medium text-brand-700 hover:underline">
                    Add a contact
                  </Link>
                </p>
              ) : (
                <CandidateList
                  slug={ctx.workspace.slug}
                  opportunityId={o.id}
                  defaultRole={hasPrimary ? "applicant" : "primary"}
                  candidates={candidates.rows.map((c) => ({ id: c.id, name: fullName(c) || c.email || "Unnamed contact", email: c.email ?? "", phone: formatPhone(c.phone, country), missing: c.missing }))}
                  add={addApplicantFormAction}
                />
              )}
              {(cursor || candidates.nextCursor) && (
                <nav aria-label="Contact results" className="flex flex-wrap justify-between gap-2 border-t border-gray-100 pt-4">
                  {cursor ? (
                    <Link href={pickerHref()} className={buttonClass("secondary")}>
                      Back to the first results
                    </Link>
                  ) : (
                    <span />
                  )}
                  {candidates.nextCursor && (
                    <Link href={pickerHref(candidates.nextCursor)} className={buttonClass("secondary")}>
                      More contacts →
                    </Link>
                  )}
                </nav>
              )}
            </div>
          </Card>
        </section>
      </div>
    </>
  );
}
