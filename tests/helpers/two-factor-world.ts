// Shared set-up for the two-factor tests: a workspace that can text, clients with email and mobile, Client Centre
// invitation links issued the way the invitation code issues them, and the route handlers called as a browser does.
import { and, desc, eq } from "drizzle-orm";
import { POST as linkPost } from "@/app/api/portal/link/route";
import { POST as sendPost } from "@/app/api/portal/two-factor/send/route";
import { POST as verifyPost } from "@/app/api/portal/two-factor/verify/route";
import { sha256 } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { accessLinks, contacts, emailProfiles, messages, portalUsers } from "@/lib/db/schema";
import { openMessage } from "@/lib/messaging/sealed-body";
import { issueAccessLink } from "@/lib/portal/access-links";
import { portalUrl } from "@/lib/portal/portal-url";
import { cookiesOf, portalPost, type Site } from "./portal-http";
import { makeWorkspace } from "./fixtures";
import { smsReady } from "./sms-world";

let seq = 0;

export async function twoFactorWorld(db: Db, opts: { sms?: boolean } = {}) {
  const ctx = await makeWorkspace(db);
  const w = ctx.workspace.id;
  await db.insert(emailProfiles).values({ workspaceId: w, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const url = opts.sms === false ? await portalUrl(db, ctx.workspace) : (await smsReady(db, ctx)).url;
  const site: Site = { workspaceId: w, host: new URL(url).host };

  async function client(p: { phone?: string | null; email?: string | null } = {}) {
    const n = ++seq;
    const email = p.email === undefined ? `client${n}@example.test` : p.email;
    const phone = p.phone === undefined ? `+9198765${String(10000 + n).slice(-5)}` : p.phone;
    const [c] = await db.insert(contacts).values({ workspaceId: w, firstName: `Client${n}`, lastName: "Test", email, phone }).returning({ id: contacts.id });
    const [u] = await db.insert(portalUsers).values({ workspaceId: w, contactId: c.id }).returning({ id: portalUsers.id });
    return { portalUserId: u.id, contactId: c.id, email, phone };
  }

  async function invite(portalUserId: string, requestId?: string) {
    const link = await db.transaction((tx) => issueAccessLink(tx, { workspaceId: w, portalUserId, kind: "two_factor" }));
    if (requestId) await db.update(accessLinks).set({ requestId }).where(and(eq(accessLinks.workspaceId, w), eq(accessLinks.tokenHash, sha256(link.token))));
    return link.token;
  }

  return { ctx, site, url, client, invite };
}

export const cookieHeader = (...responses: Response[]) => {
  const jar = new Map<string, string>();
  for (const r of responses)
    for (const c of cookiesOf(r)) {
      const [k, v] = [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)];
      if (v) jar.set(k, v);
      else jar.delete(k);
    }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
};
export const cookieValue = (res: Response, name: string) => cookiesOf(res).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1) ?? null;

export const openLink = (site: Site, token: string, cookie?: string) => linkPost(portalPost(site, "/api/portal/link", { token }, { cookie }));
export const send = (site: Site, cookie: string | undefined, fields: Record<string, string> = {}) => sendPost(portalPost(site, "/api/portal/two-factor/send", fields, { cookie }));
export const verify = (site: Site, cookie: string | undefined, code: string) => verifyPost(portalPost(site, "/api/portal/two-factor/verify", { code }, { cookie }));

export async function outboxTo(db: Db, to: string) {
  return (await db.select().from(messages).where(eq(messages.to, to)).orderBy(desc(messages.createdAt))).map(openMessage);
}
export async function smsCodes(db: Db, phone: string) {
  const rows = await db.select().from(messages).where(and(eq(messages.to, phone), eq(messages.channel, "sms"))).orderBy(desc(messages.createdAt));
  return rows.map(openMessage).map((m) => /^(\d{6}) is your/.exec(m.text)![1]);
}
export async function emailCodes(db: Db, email: string) {
  const rows = await db.select().from(messages).where(and(eq(messages.to, email), eq(messages.channel, "email"))).orderBy(desc(messages.createdAt));
  return rows.map(openMessage).map((m) => /\b(\d{6})\b/.exec(m.subject!)![1]);
}
export const wrongCode = (code: string, k = 1) => String((Number(code) + k) % 1_000_000).padStart(6, "0");
