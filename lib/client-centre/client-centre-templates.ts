import "server-only";
// Client Centre invitation emails: named templates per workspace, their merge fields and the one system tag every
// body must carry unchanged ({{client_centre.link}}: the client's secure two-factor link). Validated and rendered
// here, so saving a template and sending an edited copy apply the very same rules.
import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { clientCentreTemplates, type Branding } from "@/lib/db/schema";
import { AppError, uniqueViolation } from "@/lib/errors";
import { emailLayout } from "@/lib/messaging/email/layout";

export const SYSTEM_TAG = "{{client_centre.link}}";
export const SYSTEM_TAG_NAME = "client_centre.link";

export const clientCentreMergeFields = {
  "contact.first_name": "The client's first name",
  "contact.last_name": "The client's last name",
  "workspace.name": "Your business name",
  "opportunity.name": "The opportunity's name",
  "request.title": "The request's title",
  "request.due_date": "The request's due date (blank when it has none)",
  "link.expires_in_days": "How many days the secure link stays valid",
  "portal.url": "The portal's address",
  "support.email": "Your support address",
} as const;
export type ClientCentreMergeField = keyof typeof clientCentreMergeFields | typeof SYSTEM_TAG_NAME;
export type ClientCentreValues = Partial<Record<ClientCentreMergeField, string>>;

export const DEFAULT_TEMPLATE_NAME = "Client Centre invitation";
export const defaultClientCentreTemplate = {
  subject: "{{workspace.name}}: {{request.title}}",
  body:
    "Hi {{contact.first_name}},\n\n{{workspace.name}} has asked you for some information and documents for {{opportunity.name}}: {{request.title}}.\n\nOpen your secure link to answer:\n\n" +
    SYSTEM_TAG +
    "\n\nFor your security, when you open it we also send a one-time code to your mobile phone and email. The link works for {{link.expires_in_days}} days and only the newest link we sent you works.",
};

const TAG = /\{\{([^{}]*)\}\}/g;
export const SUBJECT_MAX = 200;
export const BODY_MAX = 10_000;

/**
 * Refuses a subject and body that would break the invitation: the system tag missing, twice, altered
 * (`{{ client_centre.link }}`, `{{client_centre.lnk}}`) or in the subject, unknown fields, stray braces. Throws the
 * first problem as an AppError on its field.
 */
export function assertValidInvitation(t: { subject: string; body: string }) {
  if (!t.subject.trim()) throw new AppError("VALIDATION_FAILED", "subject", "Write a subject line.");
  for (const field of ["subject", "body"] as const) {
    const text = t[field];
    for (const m of text.matchAll(TAG)) {
      const raw = m[1];
      const name = raw.trim();
      const looksLikeSystemTag = name !== SYSTEM_TAG_NAME && /client[\s_.-]*centre|link/i.test(name) && !(name in clientCentreMergeFields);
      if (field === "subject" && (name === SYSTEM_TAG_NAME || looksLikeSystemTag)) {
        throw new AppError("SYSTEM_TAG_MISSING", "subject", `The secure link ${SYSTEM_TAG} goes in the body only, never in the subject. Remove it from the subject.`);
      }
      if (field === "body" && (looksLikeSystemTag || (name === SYSTEM_TAG_NAME && raw !== SYSTEM_TAG_NAME))) {
        throw new AppError("SYSTEM_TAG_MISSING", "body", `{{${raw}}} looks like an altered system tag. The body must contain ${SYSTEM_TAG} exactly as written, once.`);
      }
      if (name !== SYSTEM_TAG_NAME && !(name in clientCentreMergeFields)) {
        throw new AppError("VALIDATION_FAILED", field, `{{${raw}}} is not a field we know. Pick one from the list of merge fields.`);
      }
    }
    const stray = text.replace(TAG, "");
    if (stray.includes("{{") || stray.includes("}}")) {
      throw new AppError("VALIDATION_FAILED", field, "There is an unmatched {{ or }}. Each merge field is written like {{contact.first_name}}.");
    }
  }
  const count = t.body.split(SYSTEM_TAG).length - 1;
  if (count !== 1) {
    throw new AppError(
      "SYSTEM_TAG_MISSING",
      "body",
      count === 0
        ? `The body must contain the system tag ${SYSTEM_TAG}: it is the client's secure link. Put it back.`
        : `The system tag ${SYSTEM_TAG} appears ${count} times. Keep it exactly once.`,
    );
  }
}

/** The body split around its system tag, for the editor that shows the tag locked between two text boxes. */
export function splitBody(body: string): { bodyBefore: string; bodyAfter: string } {
  const i = body.indexOf(SYSTEM_TAG);
  if (i < 0) return { bodyBefore: body.trimEnd(), bodyAfter: "" };
  return { bodyBefore: body.slice(0, i).trimEnd(), bodyAfter: body.slice(i + SYSTEM_TAG.length).trimStart() };
}

/**
 * The inverse of splitBody: the editor posts the text around the tag and the server puts the tag back, on a
 * paragraph of its own (so the email shows it as a button).
 */
export function joinBody(before: string, after: string): string {
  const b = before.trimEnd();
  const a = after.trimStart();
  return `${b}${b ? "\n\n" : ""}${SYSTEM_TAG}${a ? "\n\n" : ""}${a}`;
}

/** Renders an invitation into text and HTML; values are escaped in HTML and the link alone on its line is a button. */
export function renderInvitation(t: { subject: string; body: string }, values: ClientCentreValues, brand?: Branding | null) {
  const fill = (s: string) => s.replace(TAG, (_, raw: string) => values[raw.trim() as ClientCentreMergeField] ?? "");
  const subject = fill(t.subject).replace(/[\r\n]+/g, " ").trim();
  const text = fill(t.body);
  const link = values[SYSTEM_TAG_NAME];
  const paragraphs: string[] = [];
  let button: { label: string; url: string } | undefined;
  for (const block of text.split(/\n{2,}/)) {
    const trimmed = block.trim();
    if (!trimmed) continue;
    if (!button && link && trimmed === link) button = { label: "Open your secure link", url: link };
    else paragraphs.push(trimmed);
  }
  const support = values["support.email"];
  const html = emailLayout({
    title: subject,
    paragraphs,
    button,
    color: brand?.primaryColor,
    brand: { name: values["workspace.name"], logoUrl: brand?.logoUrl },
    footer: support ? `Questions? Write to ${support}.` : undefined,
  });
  return { subject, text, html };
}

export type ClientCentreTemplate = { id: string; name: string; subject: string; body: string; isDefault: boolean };
const cols = { id: clientCentreTemplates.id, name: clientCentreTemplates.name, subject: clientCentreTemplates.subject, body: clientCentreTemplates.body, isDefault: clientCentreTemplates.isDefault };

/**
 * The workspace's default invitation template, created on first need. Two first needs at once both insert; the
 * one-default partial unique index lets one win and the other reads the winner.
 */
export async function ensureDefaultTemplate(db: DbOrTx, p: { workspaceId: string }): Promise<ClientCentreTemplate> {
  const [row] = await db.select(cols).from(clientCentreTemplates).where(and(eq(clientCentreTemplates.workspaceId, p.workspaceId), eq(clientCentreTemplates.isDefault, true))).limit(1);
  if (row) return row;
  // The name may be taken by a non-default template the admin made; then the default gets a numbered name.
  for (let n = 1; n <= 5; n++) {
    const name = n === 1 ? DEFAULT_TEMPLATE_NAME : `${DEFAULT_TEMPLATE_NAME} ${n}`;
    const inserted = await db
      .insert(clientCentreTemplates)
      .values({ workspaceId: p.workspaceId, name, ...defaultClientCentreTemplate, isDefault: true })
      .onConflictDoNothing()
      .returning(cols);
    if (inserted[0]) return inserted[0];
    const [again] = await db.select(cols).from(clientCentreTemplates).where(and(eq(clientCentreTemplates.workspaceId, p.workspaceId), eq(clientCentreTemplates.isDefault, true))).limit(1);
    if (again) return again;
  }
  throw new AppError("INTERNAL");
}

/** The workspace's templates, default first then by name (a workspace has a handful). */
export async function listClientCentreTemplates(db: DbOrTx, p: { workspaceId: string }): Promise<ClientCentreTemplate[]> {
  await ensureDefaultTemplate(db, p);
  return db
    .select(cols)
    .from(clientCentreTemplates)
    .where(eq(clientCentreTemplates.workspaceId, p.workspaceId))
    .orderBy(desc(clientCentreTemplates.isDefault), asc(clientCentreTemplates.name))
    .limit(200);
}

/** One template of this workspace, or NOT_FOUND (another workspace's id reads as unknown). */
export async function getClientCentreTemplate(db: DbOrTx, p: { workspaceId: string; templateId: string }): Promise<ClientCentreTemplate> {
  const [row] = await db
    .select(cols)
    .from(clientCentreTemplates)
    .where(and(eq(clientCentreTemplates.workspaceId, p.workspaceId), eq(clientCentreTemplates.id, p.templateId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "templateId", "That invitation template does not exist in this workspace.");
  return row;
}

/** A unique-violation on the name index as the error the form shows beside the name. */
export function templateNameConflict(e: unknown): unknown {
  const c = uniqueViolation(e);
  if (c === "client_centre_templates_name") return new AppError("CLIENT_CENTRE_TEMPLATE_NAME_TAKEN", "name");
  return e;
}
