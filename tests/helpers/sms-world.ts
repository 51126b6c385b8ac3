// A workspace set up for SMS as an admin would leave it after Settings → SMS: Notification SMS on, a sender ID, DLT
// templates imported, each SMS template mapped to one that matches it, the portal's short-link prefix whitelisted,
// credits. Written straight into the tables, so tests of sign-in and invitations do not depend on the settings UI.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { AdminCtx } from "@/lib/auth/admin-context";
import type { Db } from "@/lib/db";
import { dltTemplates, portalUserTypes, senderIds, smsTemplates, urlWhitelist, workspaces } from "@/lib/db/schema";
import { portalUrl } from "@/lib/portal/portal-url";

const SENDER = "ACMEIN";

/** The SMS bodies (our merge fields) and the DLT contents they were registered as, for a portal at `url`. */
export function smsTexts(url: string) {
  return {
    invitation: {
      body: "Hi {{contact.first_name}}, Acme invited you to its client portal: " + url + "/s/{{portal.link_token}} -Acme",
      dlt: "Hi {#var#}, Acme invited you to its client portal: " + url + "/s/{#alphanumeric#} -Acme",
    },
    sign_in_code: {
      body: "{{sign_in.code}} is your Acme portal sign-in code. It is valid for 5 minutes. Do not share it. -Acme",
      dlt: "{#numeric#} is your Acme portal sign-in code. It is valid for 5 minutes. Do not share it. -Acme",
    },
    sign_in_link: {
      body: "Hi {{contact.first_name}}, sign in to Acme once with " + url + "/s/{{sign_in.link_token}} (valid 15 min) -Acme",
      dlt: "Hi {#var#}, sign in to Acme once with " + url + "/s/{#var#} (valid 15 min) -Acme",
    },
    login_message: {
      body: "Hi {{contact.first_name}}, your Acme portal link: " + url + "/s/{{portal.link_token}} (works {{link.expires_in_days}} days) -Acme",
      dlt: "Hi {#var#}, your Acme portal link: " + url + "/s/{#var#} (works {#numeric#} days) -Acme",
    },
  } as const;
}

/**
 * Sets the workspace up for SMS and adds a phone user type ("Clients (phone)"); returns the type and the portal URL.
 * `credits` is the starting balance.
 */
export async function smsReady(db: Db, ctx: AdminCtx, p: { credits?: number } = {}) {
  const w = ctx.workspace.id;
  const url = await portalUrl(db, ctx.workspace);
  await db.update(workspaces).set({ country: "IN", smsSettings: { enabled: true, dailyCap: 500 } }).where(eq(workspaces.id, w));
  await db.insert(senderIds).values({ workspaceId: w, senderId: SENDER });
  const texts = smsTexts(url);
  let n = 0;
  for (const [kind, t] of Object.entries(texts)) {
    const [dlt] = await db
      .insert(dltTemplates)
      .values({ workspaceId: w, templateId: `11071685432109${String(10000 + n++)}`, name: `portal_${kind}`, senderId: SENDER, content: t.dlt, type: "Service-Implicit", contentType: "text", status: "Approved" })
      .returning({ id: dltTemplates.id });
    const vars = (t.dlt.match(/\{#\w+#\}/g) ?? []).map((_, i) => `var${i + 1}`);
    await db.insert(smsTemplates).values({ workspaceId: w, kind, body: t.body, dltTemplateId: dlt.id, senderId: SENDER, msg91TemplateId: `msg91-${kind}-${randomUUID().slice(0, 6)}`, msg91Vars: vars });
  }
  await db.insert(urlWhitelist).values({ workspaceId: w, url: `${url}/s/?`, kind: "dynamic" });
  await db.execute(sql`insert into sms_credit_balances (workspace_id, balance) values (${w}, ${p.credits ?? 1000}) on conflict (workspace_id) do update set balance = excluded.balance`);
  const [type] = await db
    .insert(portalUserTypes)
    .values({ workspaceId: w, name: "Clients (phone)", invitationPreference: "phone", signInMethod: "sms_code" })
    .returning();
  return { type, url };
}
