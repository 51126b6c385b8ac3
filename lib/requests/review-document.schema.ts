import { z } from "zod";
import { storableString } from "@/lib/validation/storable-text";

export const REVIEW_REASON_MAX = 500;

export const reviewDocumentSchema = z.object({
  documentId: z.uuid("That document does not exist."),
  decision: z.enum(["approve", "reject"], "Approve or reject the document."),
  reason: storableString().trim().max(REVIEW_REASON_MAX, `Keep the reason under ${REVIEW_REASON_MAX} characters: the client reads it in an email.`).optional(),
});
export type ReviewDocumentInput = z.infer<typeof reviewDocumentSchema>;
