import type { ApplicantRole, OpportunityStage } from "@/lib/db/schema";
import type { RequiredContactField } from "@/lib/db/queries/opportunities";

// Words for stored values; the forms' selects and the pages read them from here so they never disagree.

export const stageLabels: Record<OpportunityStage, string> = { new: "New", in_progress: "In progress", won: "Won", lost: "Lost" };

export const applicantRoleLabels: Record<ApplicantRole, string> = {
  primary: "Primary applicant",
  applicant: "Applicant",
  guarantor: "Guarantor",
  other: "Other",
};

/** The contact fields Client Centre access needs, in the words a "Missing: …" line uses. */
export const requiredContactFieldLabels = { firstName: "first name", lastName: "last name", email: "email address", phone: "mobile number" } as const satisfies Record<RequiredContactField, string>;
export type { RequiredContactField };
