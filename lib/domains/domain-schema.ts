import { z } from "zod";

// Shared by the domain forms and the server operations. Pure.
export const addDomainSchema = z.object({
  domain: z.string().trim().min(1, "Enter the domain your clients will use, e.g. portal.yourbusiness.com").max(300, "That is too long for a domain."),
  /** Also add the www/apex partner, redirecting to this domain. */
  withCompanion: z.boolean().optional().default(false),
});
export type AddDomainInput = z.input<typeof addDomainSchema>;

export const domainIdSchema = z.object({ id: z.uuid("That domain does not exist. Reload the page.") });
export type DomainIdInput = z.infer<typeof domainIdSchema>;
