// Custom domains end to end below the UI: add, check against a real DNS server on loopback, the states, the
// scheduler, the owners' email, routing and the TLS `ask` endpoint, and other workspaces kept out.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { GET as askGet } from "@/app/api/tls/ask/route";
import type { AdminCtx } from "@/lib/auth/admin-context";
import type { openDatabase } from "@/lib/db/client";
import { auditEvents, domains, emailProfiles, messages } from "@/lib/db/schema";
import { addDomain } from "@/lib/domains/add-domain";
import { checkDomainNow, recheckDueDomains } from "@/lib/domains/check-domain";
import { txtValue } from "@/lib/domains/domain-records";
import { makePrimaryDomain, removeDomain } from "@/lib/domains/remove-domain";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { copyMagicLink } from "@/lib/portal/magic-link";
import { portalUrl } from "@/lib/portal/portal-url";
import { clearHostCache, resolveWorkspace } from "@/lib/tenancy/resolve";
import { createTestDb, type TestDb } from "./helpers/db";
import { startDnsServer, type DnsServer, type Zone } from "./helpers/dns-server";
import { addMember, makeWorkspace } from "./helpers/fixtures";

const TARGET = "cname.portals.test";
const IP = "203.0.113.10";
let t: TestDb;
let dns: DnsServer;
let zone: Zone;
const g = globalThis as unknown as { __portalDb?: ReturnType<typeof openDatabase> };
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestDb();
  g.__portalDb = { db: t.db } as ReturnType<typeof openDatabase>;
  dns = await startDnsServer();
  process.env.PORTAL_CNAME_TARGET = TARGET;
  process.env.PORTAL_A_RECORD = IP;
  process.env.PORTAL_ROOT_DOMAIN = "portals.test";
  process.env.APP_URL = "https://app.portals.test";
});
afterAll(async () => {
  g.__portalDb = undefined;
  process.env = saved;
  dns.close();
  await t.close();
});
beforeEach(() => {
  zone = { [TARGET]: { A: [IP] } };
  dns.setZone(() => zone);
  clearHostCache();
});

const opts = () => ({ servers: [dns.server], timeoutMs: 300 });
const row = async (id: string) => (await t.db.select().from(domains).where(eq(domains.id, id)))[0];
const publish = (host: string, token: string, routing: Zone[string]) => {
  zone = { ...zone, [host]: routing, [`_portal-verification.${host}`]: { TXT: [txtValue(token)] } };
};
const ask = async (domain: string) => (await askGet(new Request(`http://127.0.0.1:3000/api/tls/ask?domain=${encodeURIComponent(domain)}`))).status;
const due = async () => t.db.update(domains).set({ nextCheckAt: new Date(Date.now() - 1000) });

test("a subdomain goes pending → active once its TXT and CNAME exist; then links, routing and TLS use it", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "Portal.Acme.test." });
  expect(added.hostname).toBe("portal.acme.test");
  let d = await row(added.id);
  expect(d).toMatchObject({ status: "pending", kind: "subdomain", isPrimary: true });
  expect(await portalUrl(t.db, ctx.workspace)).toBe(`https://${ctx.workspace.slug}.portals.test`);

  expect((await checkDomainNow(ctx, { id: added.id }, opts()))[0]).toMatchObject({ status: "pending" });
  d = await row(added.id);
  expect(d.checks?.map((c) => [c.type, c.status])).toEqual([
    ["TXT", "missing"],
    ["CNAME", "missing"],
  ]);
  expect(await ask("portal.acme.test")).toBe(404);
  expect(await resolveWorkspace({ kind: "custom", hostname: "portal.acme.test" })).toBeNull();

  publish("portal.acme.test", d.verificationToken, { CNAME: TARGET });
  expect((await checkDomainNow(ctx, { id: added.id }, opts()))[0]).toMatchObject({ status: "active", lastError: null });
  expect(await portalUrl(t.db, ctx.workspace)).toBe("https://portal.acme.test");
  expect(await resolveWorkspace({ kind: "custom", hostname: "portal.acme.test" })).toMatchObject({ id: ctx.workspace.id });
  expect(await ask("portal.acme.test")).toBe(200);
  expect(await ask("PORTAL.acme.test.")).toBe(200);
  // Every link we send is built from the database: the invitation and the magic link use the domain now.
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hi@acme.test", isDefault: true });
  const invited = await invitePortalUser(ctx, { email: "lena@example.test", firstName: "Lena" });
  const [mail] = await t.db.select().from(messages).where(eq(messages.id, invited.messageId));
  expect(mail.text).toContain("https://portal.acme.test/l/");
  expect((await copyMagicLink(ctx, { portalUserId: invited.portalUserId })).url).toMatch(/^https:\/\/portal\.acme\.test\/l\//);
  const actions = (await t.db.select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.workspaceId, ctx.workspace.id))).map((r) => r.a);
  expect(actions).toEqual(expect.arrayContaining(["domain.add", "domain.status"]));
});

test("TXT right but no CNAME yet: verified (served, may get a certificate) but links keep the platform address", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "clients.beta.test" });
  publish("clients.beta.test", (await row(added.id)).verificationToken, {});
  const [r] = await checkDomainNow(ctx, { id: added.id }, opts());
  expect(r.status).toBe("verified");
  expect(r.lastError).toMatch(/CNAME/);
  expect(await ask("clients.beta.test")).toBe(200);
  expect(await portalUrl(t.db, ctx.workspace)).toBe(`https://${ctx.workspace.slug}.portals.test`);
});

test("the ask endpoint says no to everything that is not a proven custom domain", async () => {
  for (const d of ["", "unknown.example.org", "app.portals.test", "acme.portals.test", "127.0.0.1", "localhost", "a b", "x".repeat(300)]) {
    expect(await ask(d)).toBe(404);
  }
});

test("bad input is refused with a reason on the field and nothing is stored", async () => {
  const ctx = await makeWorkspace(t.db);
  for (const [domain, code] of [
    ["203.0.113.9", "DOMAIN_INVALID"],
    ["acme.portals.test", "DOMAIN_INVALID"],
    ["app.portals.test", "DOMAIN_INVALID"],
    ["*.acme.test", "DOMAIN_INVALID"],
    ["bad_name.acme.test", "DOMAIN_INVALID"],
  ] as const) {
    await expect(addDomain(ctx, { domain })).rejects.toMatchObject({ code, field: "domain" });
  }
  process.env.PORTAL_A_RECORD = "";
  await expect(addDomain(ctx, { domain: "rootonly.test" })).rejects.toMatchObject({ code: "DOMAIN_APEX_UNSUPPORTED" });
  process.env.PORTAL_A_RECORD = IP;
  expect(await t.db.select().from(domains).where(eq(domains.workspaceId, ctx.workspace.id))).toEqual([]);
});

test("a domain belongs to one workspace: taken elsewhere, already here, and a race between two has one winner", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  await addDomain(a, { domain: "shared.gamma.test" });
  await expect(addDomain(b, { domain: "SHARED.gamma.test" })).rejects.toMatchObject({ code: "DOMAIN_TAKEN" });
  await expect(addDomain(a, { domain: "shared.gamma.test" })).rejects.toMatchObject({ code: "DOMAIN_ALREADY_ADDED" });

  const results = await Promise.allSettled([addDomain(a, { domain: "race.gamma.test" }), addDomain(b, { domain: "race.gamma.test" })]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  expect(lost.reason).toMatchObject({ code: expect.stringMatching(/^DOMAIN_(TAKEN|ALREADY_ADDED)$/) });
});

test("another workspace cannot check, remove or promote a domain that is not its own", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  const added = await addDomain(a, { domain: "mine.delta.test" });
  await expect(checkDomainNow(b, { id: added.id }, opts())).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(removeDomain(b, { id: added.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(makePrimaryDomain(b, { id: added.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await row(added.id)).toMatchObject({ workspaceId: a.workspace.id, isPrimary: true });
});

test("an active domain that loses its CNAME: the sweep marks it misconfigured, emails the owners once, and links fall back", async () => {
  const ctx = await makeWorkspace(t.db);
  const admin = await addMember(ctx, "admin");
  const added = await addDomain(ctx, { domain: "portal.epsilon.test" });
  const token = (await row(added.id)).verificationToken;
  publish("portal.epsilon.test", token, { CNAME: TARGET });
  await due();
  await recheckDueDomains(t.db, { dns: opts() });
  expect((await row(added.id)).status).toBe("active");

  zone = { ...zone, "portal.epsilon.test": { A: ["198.51.100.99"] } };
  await due();
  await recheckDueDomains(t.db, { dns: opts() });
  const d = await row(added.id);
  expect(d.status).toBe("misconfigured");
  expect(d.lastError).toMatch(/198\.51\.100\.99|CNAME/);
  expect(await resolveWorkspace({ kind: "custom", hostname: "portal.epsilon.test" })).toBeNull();
  expect(await portalUrl(t.db, ctx.workspace)).toBe(`https://${ctx.workspace.slug}.portals.test`);

  await due();
  await recheckDueDomains(t.db, { dns: opts() });
  const mail = await t.db.select().from(messages).where(and(eq(messages.workspaceId, ctx.workspace.id), eq(messages.template, "domain.broken")));
  expect(mail.map((m) => m.to)).toEqual([ctx.user.email]); // owners only, once
  expect(mail[0].subject).toBe("portal.epsilon.test stopped working for your client portal");
  expect(mail[0].text).toContain("https://app.portals.test/w/");
  expect(admin.user.email).not.toBe(ctx.user.email);
});

test("a DNS timeout changes nothing and tells nobody", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "portal.zeta.test" });
  publish("portal.zeta.test", (await row(added.id)).verificationToken, { CNAME: TARGET });
  await checkDomainNow(ctx, { id: added.id }, opts());
  zone = { ...zone, "portal.zeta.test": "timeout", "_portal-verification.portal.zeta.test": "timeout" };
  const [r] = await checkDomainNow(ctx, { id: added.id }, opts());
  expect(r.status).toBe("active");
  expect(r.lastError).toBeTruthy();
  expect(await t.db.select().from(messages).where(eq(messages.template, "domain.broken")).then((m) => m.filter((x) => x.workspaceId === ctx.workspace.id))).toEqual([]);
});

test("an apex with its www companion: A records at the root, a CNAME for www, which redirects to the root", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "eta.test", withCompanion: true });
  expect(added.companion?.hostname).toBe("www.eta.test");
  const token = (await row(added.id)).verificationToken;
  publish("eta.test", token, { A: [IP] });
  zone = { ...zone, "www.eta.test": { CNAME: TARGET } };
  const results = await checkDomainNow(ctx, { id: added.id }, opts());
  expect(results.map((r) => [r.hostname, r.status])).toEqual([
    ["eta.test", "active"],
    ["www.eta.test", "active"],
  ]);
  expect(await resolveWorkspace({ kind: "custom", hostname: "www.eta.test" })).toMatchObject({ id: ctx.workspace.id, redirectTo: "eta.test" });
  await expect(makePrimaryDomain(ctx, { id: added.companion!.id })).rejects.toMatchObject({ code: "DOMAIN_IS_REDIRECT" });

  // Removing the domain takes its companion with it, and routing forgets both at once.
  await removeDomain(ctx, { id: added.id });
  expect(await t.db.select().from(domains).where(eq(domains.workspaceId, ctx.workspace.id))).toEqual([]);
  expect(await resolveWorkspace({ kind: "custom", hostname: "www.eta.test" })).toBeNull();
});

test("removing the primary promotes the next domain; making another primary moves the links", async () => {
  const ctx = await makeWorkspace(t.db);
  const one = await addDomain(ctx, { domain: "one.theta.test" });
  const two = await addDomain(ctx, { domain: "two.theta.test" });
  for (const d of [one, two]) publish(d.hostname, (await row(d.id)).verificationToken, { CNAME: TARGET });
  await checkDomainNow(ctx, { id: one.id }, opts());
  await checkDomainNow(ctx, { id: two.id }, opts());
  expect(await portalUrl(t.db, ctx.workspace)).toBe("https://one.theta.test");
  await makePrimaryDomain(ctx, { id: two.id });
  expect(await portalUrl(t.db, ctx.workspace)).toBe("https://two.theta.test");
  await removeDomain(ctx, { id: two.id });
  expect((await row(one.id)).isPrimary).toBe(true);
  expect(await portalUrl(t.db, ctx.workspace)).toBe("https://one.theta.test");
});

test("parallel sweeps never check one domain twice", async () => {
  const ctx = await makeWorkspace(t.db);
  for (const n of ["a", "b", "c", "d"]) await addDomain(ctx, { domain: `${n}.iota.test` });
  await due();
  const before = dns.queries.length;
  const [x, y] = await Promise.all([recheckDueDomains(t.db, { dns: opts() }), recheckDueDomains(t.db, { dns: opts() })]);
  const ids = [...x, ...y].map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(dns.queries.length).toBeGreaterThan(before);
});
