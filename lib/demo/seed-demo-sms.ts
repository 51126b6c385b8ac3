import "server-only";
// The demo workspace's SMS, set up the way an admin would in Settings → SMS, through the same operations: Notification
// SMS on, the sender ID, the two sample DLT exports imported, a third small export with the templates that carry this
// server's portal link (DLT text must hold the link's fixed part, and it depends on where the demo runs), each SMS
// mapped, the link prefix whitelisted, credits, and a phone user type with a few clients, one on +91 98765 43210.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db";
import { contacts, portalUsers } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { portalUrl } from "@/lib/portal/portal-url";
import { createUserType } from "@/lib/portal/save-user-type";
import { addSenderId } from "@/lib/sms/add-sender-id";
import { addWhitelistUrl } from "@/lib/sms/add-whitelist-url";
import { addSmsCredits } from "@/lib/sms/credits/top-up-sms-credits";
import { importDltTemplates } from "@/lib/sms/dlt-import/import-dlt-templates";
import { saveSmsTemplate } from "@/lib/sms/save-sms-template";
import { setSmsEnabled } from "@/lib/sms/set-sms-enabled";
import type { SmsTemplateKind } from "@/lib/sms/sms-templates";

export const DEMO_PHONE = { number: "+919876543210", typed: "98765 43210" } as const;

const SENDER = "ACMEIN";
const DAY = 86_400_000;

/** The demo's own DLT export: the templates whose fixed text holds this server's portal address. */
export function demoLinkTemplates(url: string) {
  return {
    invitation: {
      id: "1107169000000000101",
      dlt: `Dear {#var#}, Acme has invited you to its client portal. Open it with your personal link: ${url}/s/{#alphanumeric#} -Acme`,
      body: `Dear {{contact.first_name}}, Acme has invited you to its client portal. Open it with your personal link: {{portal.url}}/s/{{portal.link_token}} -Acme`,
    },
    sign_in_link: {
      id: "1107169000000000102",
      dlt: `Sign in to Acme with ${url}/s/{#alphanumeric#} It works once, for 15 minutes. -Acme`,
      body: `Sign in to Acme with {{portal.url}}/s/{{sign_in.link_token}} It works once, for 15 minutes. -Acme`,
    },
    login_message: {
      id: "1107169000000000103",
      dlt: `Hi {#var#}, your Acme portal link: ${url}/s/{#alphanumeric#} It works for {#numeric#} days. -Acme`,
      body: `Hi {{contact.first_name}}, your Acme portal link: {{portal.url}}/s/{{portal.link_token}} It works for {{link.expires_in_days}} days. -Acme`,
    },
  } satisfies Partial<Record<SmsTemplateKind, { id: string; dlt: string; body: string }>>;
}

const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Sets up the demo workspace's SMS (see the top of this file). Runs once, right after the demo workspace is made. */
export async function seedDemoSms(db: Db, p: { workspace: OpsCtx["workspace"]; owner: { id: string; email: string } }) {
  const ctx: OpsCtx = { db, workspace: p.workspace, user: { id: p.owner.id, email: p.owner.email }, ip: null, userAgent: "demo seed" };
  const w = p.workspace.id;
  const url = await portalUrl(db, p.workspace);

  await setSmsEnabled(ctx, { enabled: true });
  await addSenderId(ctx, { senderId: SENDER, entityId: "1201160000000012345" });
  const samples = path.join(process.cwd(), "lib/demo/dlt");
  for (const file of ["jio-style.csv", "vilpower-style.csv"]) {
    await importDltTemplates(ctx, { bytes: readFileSync(path.join(samples, file)), fileName: file });
  }
  const links = demoLinkTemplates(url);
  const csv = [
    "TEMPLATE ID,TEMPLATE NAME,TYPE,HEADER,APPROVAL STATUS,STATUS,TEMPLATE MESSAGE",
    ...Object.entries(links).map(([kind, t]) => [t.id, `demo_${kind}`, "Service-Implicit", SENDER, "Approved", "Active", csvCell(t.dlt)].join(",")),
  ].join("\n");
  await importDltTemplates(ctx, { bytes: new TextEncoder().encode(csv), fileName: "acme-demo-links.csv" });
  await addWhitelistUrl(ctx, { url: `${url}/s/?` });

  // The sign-in code maps to the sample export's portal_otp; the links to the demo's own templates.
  await saveSmsTemplate(ctx, {
    kind: "sign_in_code",
    body: "{{sign_in.code}} is your Acme portal sign-in code. It is valid for 5 minutes. Do not share it. - Acme",
    dltTemplateId: "1107168543210987655",
    senderId: SENDER,
    msg91TemplateId: "demo-sign-in-code",
  });
  for (const [kind, t] of Object.entries(links)) {
    await saveSmsTemplate(ctx, { kind: kind as SmsTemplateKind, body: t.body, dltTemplateId: t.id, senderId: SENDER, msg91TemplateId: `demo-${kind.replaceAll("_", "-")}` });
  }
  await addSmsCredits(db, { workspaceId: w, credits: 1000, note: "Demo credits", actorEmail: p.owner.email });

  const type = await createUserType(ctx, { name: "Clients (phone)", signInMethod: "sms_code" });
  const now = Date.now();
  const people = [
    { firstName: "Ravi", lastName: "Kumar", phone: DEMO_PHONE.number, status: "invited" as const, days: 2 },
    { firstName: "Sunita", lastName: "Rao", phone: "+919811122334", status: "joined" as const, days: 9 },
    { firstName: "Imran", lastName: "Khan", phone: "+917012345678", status: "invited" as const, days: 5 },
  ];
  await db.transaction(async (tx) => {
    const made = await tx
      .insert(contacts)
      .values(people.map((x) => ({ workspaceId: w, createdBy: p.owner.id, firstName: x.firstName, lastName: x.lastName, phone: x.phone, company: "Kaveri Textiles" })))
      .returning({ id: contacts.id, phone: contacts.phone });
    await tx.insert(portalUsers).values(
      people.map((x) => {
        const invitedAt = new Date(now - x.days * DAY);
        const joinedAt = x.status === "joined" ? new Date(invitedAt.getTime() + DAY) : null;
        return { workspaceId: w, contactId: made.find((m) => m.phone === x.phone)!.id, userTypeId: type.id, status: x.status, invitedAt, joinedAt, lastSeenAt: joinedAt };
      }),
    );
  });
}
