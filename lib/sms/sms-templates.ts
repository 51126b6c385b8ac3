// PLACEHOLDER until the sms part lands (replaced wholesale at merge): only the types the portal code compiles against.
export const smsTemplateKinds = ["invitation", "sign_in_code", "sign_in_link", "login_message"] as const;
export type SmsTemplateKind = (typeof smsTemplateKinds)[number];
export type SmsMergeField =
  | "contact.first_name"
  | "sign_in.code"
  | "link.expires_in_days"
  | "portal.link_token"
  | "sign_in.link_token"
  | "portal.short_link"
  | "sign_in.short_link";
export type SmsValues = Partial<Record<SmsMergeField, string>>;
