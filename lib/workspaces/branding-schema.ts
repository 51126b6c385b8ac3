import { z } from "zod";

const optionalUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v === "" || /^https:\/\/[^\s"'<>]+$/i.test(v), `Use an https:// address for the ${what}, or leave it empty.`);

/** Shared by the form and the server: what a workspace may say about its portal's look. */
export const brandingSchema = z.object({
  portalName: z.string().trim().min(2, "Name the portal (2 characters or more).").max(80, "Keep the name under 80 characters."),
  primaryColor: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #4f46e5."),
  logoUrl: optionalUrl("logo"),
  faviconUrl: optionalUrl("favicon"),
  supportEmail: z.union([z.literal(""), z.string().trim().toLowerCase().email("Enter a valid email address, or leave it empty.")]),
});
export type BrandingInput = z.infer<typeof brandingSchema>;
