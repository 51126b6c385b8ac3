import { z } from "zod";

export const removeApplicantSchema = z.object({ applicantId: z.uuid("That applicant is no longer on this opportunity.") });
export type RemoveApplicantInput = z.infer<typeof removeApplicantSchema>;
