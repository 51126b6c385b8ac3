import { z } from "zod";
import { applicantRoles } from "@/lib/db/schema/opportunities";

export const changeApplicantRoleSchema = z.object({
  applicantId: z.uuid("That applicant is no longer on this opportunity."),
  role: z.enum(applicantRoles, "Pick a role: primary applicant, applicant, guarantor or other."),
});
export type ChangeApplicantRoleInput = z.infer<typeof changeApplicantRoleSchema>;
