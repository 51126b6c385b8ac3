import { z } from "zod";
import { applicantRoles } from "@/lib/db/schema/opportunities";

export const addApplicantSchema = z.object({
  opportunityId: z.uuid("That opportunity does not exist."),
  contactId: z.uuid("Pick a contact from the search results."),
  role: z.enum(applicantRoles, "Pick a role: primary applicant, applicant, guarantor or other.").default("applicant"),
});
export type AddApplicantInput = z.infer<typeof addApplicantSchema>;
