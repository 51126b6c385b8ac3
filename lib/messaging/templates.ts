import { emailLayout } from "./email/layout";

/** The emails a workspace can edit. Each exists to carry one thing: its system tag. */
export const emailTemplateKinds = ["invitation", "login_email", "sign_in_code", "sign_in_link", "documents_shared", "unread_messages", "contract_to_sign", "contract_signed"] as const;
export type EmailTemplateKind = (typeof emailTemplateKinds)[number];

export const mergeFields = {
  "contact.first_name": "The client's first name",
  "contact.last_name": "The client's last name",
  "contact.email": "The client's email address",
  "workspace.name": "Your business name",
  "portal.url": "The portal's address",
  "portal.magic_link": "The client's personal sign-in link",
  "link.expires_in_days": "How many days the personal link stays valid",
  "sign_in.code": "The one-time sign-in code",
  "sign_in.link": "The one-time sign-in link",
  "support.email": "Your support address",
  "notice.link": "The portal page with the new items (no sign-in link: the client signs in as usual)",
  "notice.count": "How many, with the noun (\"3 documents\")",
  "notice.items": "The names of up to five items, then how many more",
} as const;
export type MergeField = keyof typeof mergeFields;
export type MergeValues = Partial<Record<MergeField, string>>;

/** The tag each email exists to deliver; a template without it, or with it altered, cannot be saved. */
export const systemTags: Record<EmailTemplateKind, MergeField> = {
  invitation: "portal.magic_link",
  login_email: "portal.magic_link",
  sign_in_code: "sign_in.code",
  sign_in_link: "sign_in.link",
  documents_shared: "notice.link",
  unread_messages: "notice.link",
  contract_to_sign: "notice.link",
  contract_signed: "notice.link",
};

export type EmailTemplate = { subject: string; body: string };

// The workspace's name is often a portal's name already ("Acme Client Portal"), so the defaults never put a word
// like "portal" next to it: each sentence reads the same for "Acme", "Acme Portal" and "Acme Client Portal".
export const defaultEmailTemplates: Record<EmailTemplateKind, EmailTemplate> = {
  invitation: {
    subject: "You're invited to {{workspace.name}}",
    body: "Hi {{contact.first_name}},\n\nYou have been invited to {{workspace.name}}, where you can sign in without a password. Open it with your personal link:\n\n{{portal.magic_link}}\n\nThe link works for {{link.expires_in_days}} days. Later you can always sign in at {{portal.url}}.",
  },
  login_email: {
    subject: "Your sign-in link for {{workspace.name}}",
    body: "Hi {{contact.first_name}},\n\nUse this link to sign in to {{workspace.name}}:\n\n{{portal.magic_link}}\n\nThe link works for {{link.expires_in_days}} days.",
  },
  sign_in_code: {
    subject: "{{sign_in.code}} is your {{workspace.name}} sign-in code",
    body: "Hi {{contact.first_name}},\n\nYour sign-in code is {{sign_in.code}}. It expires in 10 minutes. If you did not try to sign in, ignore this email.",
  },
  sign_in_link: {
    subject: "Sign in to {{workspace.name}}",
    body: "Hi {{contact.first_name}},\n\nUse this link to sign in. It works once and expires in 15 minutes:\n\n{{sign_in.link}}\n\nIf you did not try to sign in, ignore this email.",
  },
  // Hub digests (lib/hub-notices): one email for a batch of activity, linking to the page of the items.
  documents_shared: {
    subject: "New from {{workspace.name}}: {{notice.count}} shared with you",
    body: "Hi {{contact.first_name}},\n\n{{workspace.name}} shared {{notice.count}} with you: {{notice.items}}.\n\n{{notice.link}}\n\nSign in as usual to view and download.",
  },
  unread_messages: {
    subject: "You have unread messages from {{workspace.name}}",
    body: "Hi {{contact.first_name}},\n\nYou have {{notice.count}} from {{workspace.name}} waiting for you.\n\n{{notice.link}}\n\nSign in as usual to read and reply.",
  },
  contract_to_sign: {
    subject: "You have {{notice.count}} to sign from {{workspace.name}}",
    body: "Hi {{contact.first_name}},\n\n{{workspace.name}} asked you to review and sign: {{notice.items}}.\n\n{{notice.link}}\n\nSign in as usual to read it and sign.",
  },
  contract_signed: {
    subject: "Signed by everyone: {{notice.items}}",
    body: "Hi {{contact.first_name}},\n\nEveryone has signed {{notice.items}} with {{workspace.name}}. Your signed copy is ready to download.\n\n{{notice.link}}",
  },
};

const TAG = /\{\{\s*([^{}]*?)\s*\}\}/g;

export type TemplateProblem = { field: "subject" | "body"; message: string };

/**
 * What is wrong with a template, in words an admin can act on: unknown fields, stray braces, and above all a
 * missing or altered system tag (the exact `{{portal.magic_link}}` and the like must stay in the body).
 */
export function validateEmailTemplate(kind: EmailTemplateKind, t: EmailTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const field of ["subject", "body"] as const) {
    const text = t[field];
    for (const m of text.matchAll(TAG)) {
      if (!(m[1] in mergeFields)) problems.push({ field, message: `{{${m[1]}}} is not a field we know. Pick one from the list of merge fields.` });
    }
    const stray = text.replace(TAG, "");
    if (stray.includes("{{") || stray.includes("}}")) problems.push({ field, message: "There is an unmatched {{ or }}. Each merge field is written like {{contact.first_name}}." });
  }
  if (!t.subject.trim()) problems.push({ field: "subject", message: "Write a subject line." });
  const tag = systemTags[kind];
  if (!t.body.includes(`{{${tag}}}`)) {
    problems.push({
      field: "body",
      message: `The body must contain the system tag {{${tag}}} exactly as written: it is the ${mergeFields[tag].toLowerCase()} this email exists to send.`,
    });
  }
  return problems;
}

function fill(text: string, values: MergeValues, escape: (s: string) => string) {
  return text.replace(TAG, (_, name: string) => escape(values[name as MergeField] ?? ""));
}

/**
 * Renders a template into the plain-text and HTML parts of an email. Values are escaped in HTML, and a link that
 * stands alone on its line (the system link) becomes a button.
 */
export function renderEmailTemplate(t: EmailTemplate, values: MergeValues, brand?: { color?: string; logoUrl?: string }) {
  const subject = fill(t.subject, values, (s) => s).replace(/[\r\n]+/g, " ").trim();
  const text = fill(t.body, values, (s) => s);
  const paragraphs: string[] = [];
  let button: { label: string; url: string } | undefined;
  for (const block of text.split(/\n{2,}/)) {
    const trimmed = block.trim();
    if (!trimmed) continue;
    if (!button && /^https?:\/\/\S+$/.test(trimmed)) button = { label: trimmed === values["sign_in.link"] ? "Sign in" : "Open the portal", url: trimmed };
    else paragraphs.push(trimmed);
  }
  const support = values["support.email"];
  const html = emailLayout({
    title: subject,
    paragraphs,
    button,
    color: brand?.color,
    brand: { name: values["workspace.name"], logoUrl: brand?.logoUrl },
    footer: support ? `Questions? Write to ${support}.` : undefined,
  });
  return { subject, text, html };
}


