"use server";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction, withoutBlanks } from "@/lib/actions/form-state-action";
import { SLUG_FIELD } from "@/lib/actions/form-state";
import { requireAdmin } from "@/lib/auth/admin-context";
import { isUuid } from "@/lib/db/queries/time-cursor";
import { OPPORTUNITIES_ROLE } from "@/lib/opportunities/access";
import { addApplicant, addApplicantSchema } from "@/lib/opportunities/add-applicant";
import { changeApplicantRole, changeApplicantRoleSchema } from "@/lib/opportunities/change-applicant-role";
import { createOpportunity, createOpportunitySchema } from "@/lib/opportunities/create-opportunity";
import { deleteOpportunity, deleteOpportunitySchema } from "@/lib/opportunities/delete-opportunity";
import { removeApplicant, removeApplicantSchema } from "@/lib/opportunities/remove-applicant";
import { sealSearch } from "@/lib/opportunities/search-token";
import { updateOpportunity, updateOpportunitySchema } from "@/lib/opportunities/update-opportunity";

// Every opportunity form posts here (the list's search, the new and edit pages, the applicants panel): all of them
// are real POSTs that work before hydration, and a success redirects so a reload never posts twice.

export const createOpportunityAction = adminAction(createOpportunitySchema, OPPORTUNITIES_ROLE, createOpportunity);
export const updateOpportunityAction = adminAction(updateOpportunitySchema, OPPORTUNITIES_ROLE, updateOpportunity);
export const deleteOpportunityAction = adminAction(deleteOpportunitySchema, OPPORTUNITIES_ROLE, deleteOpportunity);
export const addApplicantAction = adminAction(addApplicantSchema, OPPORTUNITIES_ROLE, addApplicant);
export const changeApplicantRoleAction = adminAction(changeApplicantRoleSchema, OPPORTUNITIES_ROLE, changeApplicantRole);
export const removeApplicantAction = adminAction(removeApplicantSchema, OPPORTUNITIES_ROLE, removeApplicant);

const base = (slug: string) => `/w/${encodeURIComponent(slug)}/opportunities`;
const fields = (keys: string[]) => (v: Record<string, string>) => withoutBlanks(Object.fromEntries(keys.map((k) => [k, v[k]])));

export const createOpportunityFormAction = formStateAction(createOpportunityAction, {
  input: ({ name = "", stage, value = "", ownerUserId = "" }) => ({ name, stage, value, ownerUserId }),
  then: (slug, d) => `${base(slug)}/${d.id}?notice=created`,
});
export const updateOpportunityFormAction = formStateAction(updateOpportunityAction, {
  input: ({ id, name = "", stage, value = "", ownerUserId = "" }) => ({ id, name, stage, value, ownerUserId }),
  then: (slug, d) => `${base(slug)}/${d.id}?notice=updated`,
});
export const deleteOpportunityFormAction = formStateAction(deleteOpportunityAction, {
  input: fields(["id", "confirm"]),
  then: (slug) => `${base(slug)}?notice=deleted`,
});
export const addApplicantFormAction = formStateAction(addApplicantAction, {
  input: fields(["opportunityId", "contactId", "role"]),
  then: (slug, d) => `${base(slug)}/${d.opportunityId}?notice=applicant_added`,
});
export const changeApplicantRoleFormAction = formStateAction(changeApplicantRoleAction, { input: fields(["applicantId", "role"]), refresh: true });
export const removeApplicantFormAction = formStateAction(removeApplicantAction, { input: fields(["applicantId"]), refresh: true });

const text = (data: FormData, key: string) => {
  const v = data.get(key);
  return typeof v === "string" ? v.trim().slice(0, 100) : "";
};

/**
 * The list's search: the term may be an email address or a phone number, so it is POSTed and goes into the URL
 * sealed (lib/opportunities/search-token.ts). The stage is not personal and stays readable.
 */
export async function searchOpportunitiesAction(data: FormData): Promise<void> {
  const slug = text(data, SLUG_FIELD);
  await requireAdmin(slug, OPPORTUNITIES_ROLE);
  const q = text(data, "q");
  const stage = text(data, "stage");
  const p = new URLSearchParams();
  if (q) p.set("s", sealSearch(q));
  if (stage) p.set("stage", stage);
  const qs = p.toString();
  redirect(qs ? `${base(slug)}?${qs}` : base(slug));
}

/** The add-applicant search on an opportunity's page: the same sealing, back to the panel's anchor. */
export async function searchApplicantCandidatesAction(data: FormData): Promise<void> {
  const slug = text(data, SLUG_FIELD);
  await requireAdmin(slug, OPPORTUNITIES_ROLE);
  const id = text(data, "opportunityId");
  if (!isUuid(id)) redirect(base(slug));
  const q = text(data, "q");
  redirect(`${base(slug)}/${id}${q ? `?cs=${encodeURIComponent(sealSearch(q))}` : ""}#add-applicant`);
}
