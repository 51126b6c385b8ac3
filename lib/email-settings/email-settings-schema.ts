import { z } from "zod";
import { isValidEmail } from "@/lib/contacts/contact-schema";
import { emailTemplateKinds, validateEmailTemplate, type EmailTemplateKind, type MergeField } from "@/lib/messaging/templates";

// The email settings' rules, shared by the settings forms (instant feedback) and the operations beside this file (the
// decision), so they cannot drift apart. Pure: no database, safe in client components.

export const FROM_NAME_MAX = 100;
export const TEMPLATE_SUBJECT_MAX = 200;
export const TEMPLATE_BODY_MAX = 10_000;

const address = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "Email addresses are at most 254 characters.")
    .refine((v) => v === "" || isValidEmail(v), `Enter a valid ${what}, e.g. hello@yourbusiness.com`);

export const emailProfileFieldsSchema = z.object({
  // The name goes into the From header as `Name <address>`, so characters that would end or split it are refused.
  fromName: z
    .string()
    .trim()
    .min(1, "Enter the name clients see as the sender, e.g. your business name.")
    .max(FROM_NAME_MAX, `Keep the from name to ${FROM_NAME_MAX} characters or fewer.`)
    .refine((v) => !/[<>",;\\\p{Cc}]/u.test(v), 'Leave out < > " , ; \\ and line breaks: mail servers read them as part of the address.'),
  fromAddress: address("from address").refine((v) => v !== "", "Enter the address client emails are sent from."),
  replyTo: address("reply-to address, or leave it empty"),
});
export type EmailProfileFields = z.infer<typeof emailProfileFieldsSchema>;

export const templateLabels: Record<EmailTemplateKind, string> = {
  invitation: "Portal invitation",
  login_email: "Login email",
  sign_in_code: "Sign-in code",
  sign_in_link: "Sign-in link",
  documents_shared: "New documents",
  unread_messages: "Unread messages",
  contract_to_sign: "Contract to sign",
  contract_signed: "Contract signed",
};

const everyEmail: MergeField[] = ["contact.first_name", "contact.last_name", "contact.email", "workspace.name", "portal.url", "support.email"];

/** The fields each email is sent with (what the senders in lib/portal fill in); any other field would come out empty. */
export const mergeFieldsFor: Record<EmailTemplateKind, MergeField[]> = {
  invitation: [...everyEmail, "portal.magic_link", "link.expires_in_days"],
  login_email: [...everyEmail, "portal.magic_link", "link.expires_in_days"],
  sign_in_code: [...everyEmail, "sign_in.code"],
  sign_in_link: [...everyEmail, "sign_in.link"],
  documents_shared: [...everyEmail, "notice.link", "notice.count", "notice.items"],
  unread_messages: [...everyEmail, "notice.link", "notice.count"],
  contract_to_sign: [...everyEmail, "notice.link", "notice.count", "notice.items"],
  contract_signed: [...everyEmail, "notice.link", "notice.count", "notice.items"],
};

export const templateKindSchema = z.enum(emailTemplateKinds, { message: "Pick one of the email templates." });

export const templateFields = {
  subject: z.string().trim().max(TEMPLATE_SUBJECT_MAX, `Keep the subject to ${TEMPLATE_SUBJECT_MAX} characters or fewer.`),
  body: z.string().trim().max(TEMPLATE_BODY_MAX, `Keep the body to ${TEMPLATE_BODY_MAX.toLocaleString("en")} characters or fewer.`),
};

export const emailProfileIdField = z.uuid("That email profile does not exist. Reload the page.");

/** The editor's schema for one kind: the lengths plus every problem validateEmailTemplate finds (the server's words). */
export function emailTemplateFormSchema(kind: EmailTemplateKind) {
  return z.object(templateFields).superRefine((t, ctx) => {
    for (const p of validateEmailTemplate(kind, t)) ctx.addIssue({ code: "custom", path: [p.field], message: p.message });
  });
}
export type EmailTemplateFormValues = z.infer<ReturnType<typeof emailTemplateFormSchema>>;
