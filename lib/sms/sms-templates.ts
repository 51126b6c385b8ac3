// The SMS a workspace sends, their merge fields and what each field can hold. Pure: the editor checks as the admin
// types with the same functions the server decides with.
//
// Static fields (the business name, the portal's address) are the same in every SMS of a workspace, so they are
// written into the text before it is compared with the DLT template: they are fixed text on DLT. Dynamic fields
// change per message, so each one is a DLT variable ({#var#} or a typed tag) and may hold at most 30 characters.

export const smsTemplateKinds = ["invitation", "sign_in_code", "sign_in_link", "login_message", "portal_update"] as const;
export type SmsTemplateKind = (typeof smsTemplateKinds)[number];
/**
 * The SMS a workspace needs for phone sign-in; readiness is these. "portal_update" (hub notices: new documents,
 * messages, a contract) is optional: without its DLT mapping those notices go by email or not at all.
 */
export const requiredSmsKinds = ["invitation", "sign_in_code", "sign_in_link", "login_message"] as const satisfies readonly SmsTemplateKind[];
export const optionalSmsKinds: readonly SmsTemplateKind[] = ["portal_update"];

export const smsTemplateLabels: Record<SmsTemplateKind, string> = {
  invitation: "Portal invitation",
  sign_in_code: "Sign-in code",
  sign_in_link: "Sign-in link",
  login_message: "Login message",
  portal_update: "Portal update",
};

/** What a value looks like, which decides the DLT typed tags it may fill. */
export type SmsValueKind = "numeric" | "alphanumeric" | "url" | "text" | "email";

/** The 30-character limit DLT puts on every variable. */
export const DLT_VAR_MAX = 30;
/** Short link tokens: 22 base62 characters (131 bits), resolved by `/s/[token]` on the portal host. */
export const LINK_TOKEN_LENGTH = 22;
export const SMS_BODY_MAX = 1000;

export type SmsStaticContext = { portalUrl: string };

type FieldDef = {
  label: string;
  kind: SmsValueKind;
  static: boolean;
  /** The longest value the field can take (dynamic fields), given the workspace's portal address. */
  longest?: (c: SmsStaticContext) => number;
};

const shortLink = (c: SmsStaticContext) => c.portalUrl.replace(/\/+$/, "").length + "/s/".length + LINK_TOKEN_LENGTH;

export const smsMergeFields = {
  "workspace.name": { label: "Your business name", kind: "text", static: true },
  "portal.url": { label: "The portal's address (https://…)", kind: "url", static: true },
  "portal.host": { label: "The portal's host name (for the code autofill line)", kind: "text", static: true },
  "support.email": { label: "Your support address", kind: "email", static: true },
  "contact.first_name": { label: "The client's first name (cut to 30 characters)", kind: "text", static: false, longest: () => DLT_VAR_MAX },
  "sign_in.code": { label: "The 6-digit sign-in code", kind: "numeric", static: false, longest: () => 6 },
  "link.expires_in_days": { label: "Days the personal link stays valid", kind: "numeric", static: false, longest: () => 2 },
  "portal.link_token": { label: "The client's personal link token (after {{portal.url}}/s/)", kind: "alphanumeric", static: false, longest: () => LINK_TOKEN_LENGTH },
  "sign_in.link_token": { label: "The one-time sign-in link token (after {{portal.url}}/s/)", kind: "alphanumeric", static: false, longest: () => LINK_TOKEN_LENGTH },
  "portal.short_link": { label: "The client's whole personal short link", kind: "url", static: false, longest: shortLink },
  "sign_in.short_link": { label: "The whole one-time sign-in short link", kind: "url", static: false, longest: shortLink },
} as const satisfies Record<string, FieldDef>;

export type SmsMergeField = keyof typeof smsMergeFields;
export type SmsValues = Partial<Record<SmsMergeField, string>>;
export type SmsStaticField = "workspace.name" | "portal.url" | "portal.host" | "support.email";
export type SmsStaticValues = Record<SmsStaticField, string>;

export const staticSmsFields: SmsStaticField[] = ["workspace.name", "portal.url", "portal.host", "support.email"];

export function isSmsMergeField(name: string): name is SmsMergeField {
  return Object.hasOwn(smsMergeFields, name);
}
export function isStaticField(name: SmsMergeField): name is SmsStaticField {
  return smsMergeFields[name].static;
}

/** The fields each SMS is sent with (what lib/portal fills in); any other field would come out empty. */
export const smsFieldsFor: Record<SmsTemplateKind, SmsMergeField[]> = {
  invitation: [...staticSmsFields, "contact.first_name", "portal.link_token", "portal.short_link", "link.expires_in_days"],
  login_message: [...staticSmsFields, "contact.first_name", "portal.link_token", "portal.short_link", "link.expires_in_days"],
  sign_in_code: [...staticSmsFields, "contact.first_name", "sign_in.code"],
  sign_in_link: [...staticSmsFields, "contact.first_name", "sign_in.link_token", "sign_in.short_link"],
  portal_update: [...staticSmsFields, "contact.first_name"],
};

/** The link or code each SMS exists to carry: one of these must be in the text. */
export const smsSystemTags: Record<SmsTemplateKind, SmsMergeField[]> = {
  invitation: ["portal.link_token", "portal.short_link"],
  login_message: ["portal.link_token", "portal.short_link"],
  sign_in_code: ["sign_in.code"],
  sign_in_link: ["sign_in.link_token", "sign_in.short_link"],
  // No token: the SMS points to the portal, where the client signs in as usual.
  portal_update: ["portal.url"],
};

/** Tokens are only useful right after the portal's short-link path; the whole-link fields stand on their own. */
const TOKEN_FIELDS: SmsMergeField[] = ["portal.link_token", "sign_in.link_token"];

// Our defaults, written to be registered on DLT as they are (the portal address is fixed text, the token a variable).
// The sign-in code's last line lets phones offer the code (WebOTP).
export const defaultSmsTemplates: Record<SmsTemplateKind, string> = {
  invitation: "Hi {{contact.first_name}}, {{workspace.name}} has invited you to its client portal. Open it with your personal link: {{portal.url}}/s/{{portal.link_token}}",
  sign_in_code: "{{sign_in.code}} is your {{workspace.name}} sign-in code. It expires in 5 minutes. Do not share it.\n\n@{{portal.host}} #{{sign_in.code}}",
  sign_in_link: "Sign in to {{workspace.name}} with this link. It works once and expires in 15 minutes: {{portal.url}}/s/{{sign_in.link_token}}",
  login_message: "Hi {{contact.first_name}}, sign in to {{workspace.name}} with your personal link: {{portal.url}}/s/{{portal.link_token}} It works for {{link.expires_in_days}} days.",
  portal_update: "Hi {{contact.first_name}}, you have something new from {{workspace.name}}. Sign in to see it: {{portal.url}}",
};

export const FIELD_TAG = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A template split into fixed text and merge fields, in order. */
export type SmsPart = { text: string } | { field: SmsMergeField };

/** Splits a template into text and known fields (unknown ones stay text; validateSmsTemplate reports them). */
export function smsParts(body: string): SmsPart[] {
  const parts: SmsPart[] = [];
  let last = 0;
  for (const m of body.matchAll(FIELD_TAG)) {
    if (!isSmsMergeField(m[1])) continue;
    if (m.index > last) parts.push({ text: body.slice(last, m.index) });
    parts.push({ field: m[1] });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** The template with its static fields written in: what DLT sees as fixed text, dynamic fields still as {{…}}. */
export function expandStatic(parts: SmsPart[], statics: SmsStaticValues): SmsPart[] {
  const out: SmsPart[] = [];
  for (const p of parts) {
    const text = "text" in p ? p.text : isStaticField(p.field) ? statics[p.field] : null;
    if (text === null) out.push(p);
    else if (out.length && "text" in out[out.length - 1]) (out[out.length - 1] as { text: string }).text += text;
    else out.push({ text });
  }
  return out;
}

/** Line endings as an SMS carries them. */
export const normaliseSmsText = (s: string) => s.replace(/\r\n?/g, "\n");

export type SmsTemplateProblem = { code: "TEMPLATE_INVALID" | "SMS_VAR_TOO_LONG"; field: "body"; message: string };

/** The fixed-prefix form a too-long link should take, for the words of a refusal. */
export function fixedPrefixHint(portalUrl: string): string {
  return `${portalUrl.replace(/\/+$/, "")}/s/{#var#}`;
}

/**
 * What is wrong with an SMS text, in words an admin can act on: unknown or unusable fields, stray braces, DLT tags
 * typed in, a missing system tag, a link token not right after `{{portal.url}}/s/`, and any field whose longest value
 * is over DLT's 30 characters.
 */
export function validateSmsTemplate(kind: SmsTemplateKind, body: string, ctx: SmsStaticContext): SmsTemplateProblem[] {
  const problems: SmsTemplateProblem[] = [];
  const bad = (message: string, code: SmsTemplateProblem["code"] = "TEMPLATE_INVALID") => problems.push({ code, field: "body", message });
  const text = normaliseSmsText(body);
  if (!text.trim()) bad("Write the text of the message.");
  if (text.length > SMS_BODY_MAX) bad(`Keep the message to ${SMS_BODY_MAX.toLocaleString("en")} characters or fewer.`);
  const allowed = new Set(smsFieldsFor[kind]);
  for (const m of text.matchAll(FIELD_TAG)) {
    if (!isSmsMergeField(m[1])) bad(`{{${m[1]}}} is not a field we know. Pick one from the list of merge fields.`);
    else if (!allowed.has(m[1])) bad(`{{${m[1]}}} has no value in this message. Pick one of the merge fields listed for it.`);
  }
  const stray = text.replace(FIELD_TAG, "");
  if (stray.includes("{{") || stray.includes("}}")) bad("There is an unmatched {{ or }}. Each merge field is written like {{contact.first_name}}.");
  if (/\{#[^#]*#\}/.test(text)) bad("Write merge fields such as {{contact.first_name}} here, not DLT tags like {#var#}: each merge field becomes a DLT variable.");
  const tags = smsSystemTags[kind];
  const present = tags.filter((t) => text.includes(`{{${t}}}`));
  if (present.length === 0) {
    bad(`The message must contain ${tags.map((t) => `{{${t}}}`).join(" or ")} exactly as written: it is the ${smsMergeFields[tags[0]].label.toLowerCase()} this SMS exists to send.`);
  }
  for (const token of TOKEN_FIELDS) {
    for (const m of text.matchAll(new RegExp(`\\{\\{\\s*${token.replace(".", "\\.")}\\s*\\}\\}`, "g"))) {
      const before = text.slice(0, m.index);
      const url = ctx.portalUrl.replace(/\/+$/, "");
      if (!before.endsWith("{{portal.url}}/s/") && !before.endsWith(`${url}/s/`)) {
        bad(`Put {{portal.url}}/s/ right before {{${token}}}: the token is only a link after the portal's address.`);
      }
    }
  }
  const seen = new Set<string>();
  for (const p of smsParts(text)) {
    if (!("field" in p) || isStaticField(p.field) || seen.has(p.field)) continue;
    seen.add(p.field);
    const def: FieldDef = smsMergeFields[p.field];
    const longest = def.longest?.(ctx) ?? 0;
    if (longest > DLT_VAR_MAX) {
      bad(
        `{{${p.field}}} can be ${longest} characters long, and a DLT variable holds at most ${DLT_VAR_MAX}. Put the fixed part of the link in the text instead: {{portal.url}}/s/{{${p.field.replace("short_link", "link_token")}}}, registered on DLT as ${fixedPrefixHint(ctx.portalUrl)}.`,
        "SMS_VAR_TOO_LONG",
      );
    }
  }
  return problems;
}
