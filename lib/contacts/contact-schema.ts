import { z } from "zod";
import { normalizePhone, phoneErrorMessage } from "@/lib/validation/phone";

// The fields a person types for a contact; shared by the forms and the server operations.

const emailFormat = z.email();

export function isValidEmail(s: string): boolean {
  return emailFormat.safeParse(s).success;
}

export const EMAIL_MESSAGE = "Enter a valid email address, e.g. name@example.com";
export const EMAIL_OR_PHONE_MESSAGE = "Add an email address or a phone number: the contact is invited and matched by them.";

export const contactFieldsSchema = z.object({
  firstName: z.string().trim().min(1, "Enter a first name.").max(100, "Keep the first name under 100 characters."),
  lastName: z.string().trim().max(100, "Keep the last name under 100 characters.").default(""),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "Email addresses are at most 254 characters.")
    .refine((v) => v === "" || isValidEmail(v), EMAIL_MESSAGE)
    .default(""),
  phone: z.string().trim().max(40, phoneErrorMessage()).default(""),
  company: z.string().trim().max(200, "Keep the company under 200 characters.").default(""),
});

/** Rules across fields, and (when the country is known, as in a form) the phone check the server also makes. */
export function withContactRules<S extends z.ZodType<{ email: string; phone: string }>>(schema: S, country?: string) {
  return schema.superRefine((v, ctx) => {
    if (!v.email && !v.phone) ctx.addIssue({ code: "custom", path: ["email"], message: EMAIL_OR_PHONE_MESSAGE });
    if (country && v.phone && !normalizePhone(v.phone, country)) {
      ctx.addIssue({ code: "custom", path: ["phone"], message: phoneErrorMessage(country) });
    }
  });
}

/** The contact form's schema: the create schema plus the phone check for the workspace's country. */
export function contactFormSchema(country: string) {
  return withContactRules(contactFieldsSchema, country);
}
export type ContactFormInput = z.input<typeof contactFieldsSchema>;
export type ContactFormValues = z.output<typeof contactFieldsSchema>;
