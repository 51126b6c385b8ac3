// Custom domains end to end below the UI: add, check against a real DNS server on loopback, the states, the
// scheduler, the owners' email, routing and the TLS `ask` endpoint, and other workspaces kept out.
import { and, eq, inArray } from "drizzle-orm";
import { expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { auditEvents, domains, emailProfiles, messages } from "@/lib/db/schema";
import { addDomain } from "@/lib/domains/add-domain";
import { checkDomainNow, recheckDueDomains } from "@/lib/domains/check-domain";
import { txtValue } from "@/lib/domains/domain-records";
import { makePrimaryDomain, removeDomain } from "@/lib/domains/remove-domain";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { copyMagicLink } from "@/lib/portal/magic-link";
import { portalUrl } from "@/lib/portal/portal-url";
import { resolveWorkspace } from "@/lib/tenancy/resolve";
import type { TestDb } from "./helpers/db";
import { askTls, domainRow, IP, TARGET, useDomainWorld } from "./helpers/domain-world";
import type { DnsServer, Zone } from "./helpers/dns-server";
import { addMember, makeWorkspace } from "./helpers/fixtures";
import { openMessage } from "@/lib/messaging/sealed-body";

let t: TestDb;
let dns: DnsServer;
let zone: Zone;
useDomainWorld({ zone: () => zone, reset: () => void (zone = { [TARGET]: { A: [IP] } }), receive: (db, server) => void ((t = db), (dns = server)) });

const opts = () => ({ servers: [dns.server], timeoutMs: 300 });
const row = (id: string) => domainRow(t.db, id);
const publish = (host: string, token: string, routing: Zone[string]) => {
  zone = { ...zone, [host]: routing, [`_portal-verification.${host}`]: { TXT: [txtValue(token)] } };
};
const ask = askTls;
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
  const mail = openMessage((await t.db.select().from(messages).where(eq(messages.id, invited.messageId)))[0]);
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

test("a domain belongs to one workspace: taken elsewhere once proven, already here, and rival verifications have one winner", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  const shared = await addDomain(a, { domain: "shared.gamma.test" });
  await expect(addDomain(a, { domain: "shared.gamma.test" })).rejects.toMatchObject({ code: "DOMAIN_ALREADY_ADDED" });
  publish("shared.gamma.test", (await row(shared.id)).verificationToken, {});
  expect((await checkDomainNow(a, { id: shared.id }, opts()))[0].status).toBe("verified");
  await expect(addDomain(b, { domain: "SHARED.gamma.test" })).rejects.toMatchObject({ code: "DOMAIN_TAKEN" });

  // Adding at the same moment is no race any more: both are pending claims, each with its own token.
  const results = await Promise.allSettled([addDomain(a, { domain: "race.gamma.test" }), addDomain(b, { domain: "race.gamma.test" })]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
  const [ra, rb] = await Promise.all(results.map(async (r) => row((r as PromiseFulfilledResult<{ id: string }>).value.id)));
  expect(ra.verificationToken).not.toBe(rb.verificationToken);
  // Verifying at the same moment (both tokens published): exactly one takes the hostname; the other claim is gone.
  zone = { ...zone, "race.gamma.test": { CNAME: TARGET }, "_portal-verification.race.gamma.test": { TXT: [txtValue(ra.verificationToken), txtValue(rb.verificationToken)] } };
  await Promise.all([checkDomainNow(a, { id: ra.id }, opts()), checkDomainNow(b, { id: rb.id }, opts())]);
  const left = await t.db.select().from(domains).where(eq(domains.hostname, "race.gamma.test"));
  expect(left).toHaveLength(1);
  expect(left[0].status).toBe("active");
  expect([a.workspace.id, b.workspace.id]).toContain(left[0].workspaceId);
});

test("a squatter's pending claim does not block the real owner, who proves the TXT and takes the domain", async () => {
  const squatter = await makeWorkspace(t.db);
  const owner = await makeWorkspace(t.db);
  const squat = await addDomain(squatter, { domain: "victim.test", withCompanion: true });
  expect(squat.companion?.hostname).toBe("www.victim.test");
  await checkDomainNow(squatter, { id: squat.id }, opts()); // nothing published: stays pending
  // The owner is not told about the squatter's claim, and may add the companion too.
  const mine = await addDomain(owner, { domain: "www.victim.test", withCompanion: true });
  expect(mine).toMatchObject({ hostname: "www.victim.test", companion: { hostname: "victim.test" }, companionSkipped: null });
  expect(await t.db.select().from(domains).where(eq(domains.hostname, "victim.test"))).toHaveLength(2);

  const token = (await row(mine.id)).verificationToken;
  publish("www.victim.test", token, { CNAME: TARGET });
  zone = { ...zone, "victim.test": { A: [IP] } };
  const results = await checkDomainNow(owner, { id: mine.id }, opts());
  expect(results.map((r) => [r.hostname, r.status])).toEqual([
    ["www.victim.test", "active"],
    ["victim.test", "active"],
  ]);
  // Both of the squatter's claims (the domain and its companion) are gone, and its audit log says why.
  expect(await t.db.select().from(domains).where(eq(domains.workspaceId, squatter.workspace.id))).toEqual([]);
  const log = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, squatter.workspace.id), eq(auditEvents.action, "domain.remove")));
  expect(log.map((l) => l.summary).join(" ")).toMatch(/another workspace proved/);
  expect(log.map((l) => l.summary).join(" ")).not.toContain(owner.workspace.slug);
  expect(await resolveWorkspace({ kind: "custom", hostname: "victim.test" })).toMatchObject({ id: owner.workspace.id, redirectTo: "www.victim.test" });
  // Now that it is the owner's, nobody else can add it.
  await expect(addDomain(squatter, { domain: "victim.test" })).rejects.toMatchObject({ code: "DOMAIN_TAKEN" });
});

test("two pending claims: the second to add proves its TXT first and wins; the first's TXT then changes nothing", async () => {
  const first = await makeWorkspace(t.db);
  const second = await makeWorkspace(t.db);
  const one = await addDomain(first, { domain: "portal.kappa.test" });
  await addDomain(first, { domain: "other.kappa.test" }); // so the first keeps a primary when it loses this one
  const two = await addDomain(second, { domain: "portal.kappa.test" });
  const [t1, t2] = [(await row(one.id)).verificationToken, (await row(two.id)).verificationToken];
  publish("portal.kappa.test", t2, {});
  expect((await checkDomainNow(second, { id: two.id }, opts()))[0]).toMatchObject({ status: "verified" });
  expect(await t.db.select().from(domains).where(eq(domains.id, one.id))).toEqual([]);
  expect((await t.db.select().from(domains).where(eq(domains.workspaceId, first.workspace.id))).map((d) => [d.hostname, d.isPrimary])).toEqual([["other.kappa.test", true]]);

  // The first workspace adds it again and publishes its own token as well: it stays pending, told only "elsewhere".
  const again = await addDomain(first, { domain: "portal.kappa.test" }).catch((e) => e);
  expect(again).toMatchObject({ code: "DOMAIN_TAKEN" });
  zone = { ...zone, "_portal-verification.portal.kappa.test": { TXT: [txtValue(t1), txtValue(t2)] } };
  // A claim that got in before the holder proved it (inserted directly: addDomain now refuses) cannot take it over.
  const [late] = await t.db.insert(domains).values({ workspaceId: first.workspace.id, hostname: "portal.kappa.test", verificationToken: t1 }).returning();
  const [r] = await checkDomainNow(first, { id: late.id }, opts());
  expect(r).toMatchObject({ status: "pending", lastError: "This domain is already connected to another workspace." });
  expect((await row(late.id)).verifiedAt).toBeNull();
  expect((await row(two.id)).status).toBe("verified");
});

test("the index allows many pending claims on a hostname but one holder, and one row per workspace", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  const c = await makeWorkspace(t.db);
  const ins = (w: string, status: "pending" | "active") => t.db.insert(domains).values({ workspaceId: w, hostname: "idx.lambda.test", verificationToken: "x", status });
  await ins(a.workspace.id, "pending");
  await ins(b.workspace.id, "pending");
  await expect(ins(a.workspace.id, "pending")).rejects.toThrow();
  await ins(c.workspace.id, "active");
  await expect(t.db.update(domains).set({ status: "verified" }).where(and(eq(domains.hostname, "idx.lambda.test"), eq(domains.workspaceId, b.workspace.id)))).rejects.toThrow();
});

test("pending claims nobody proved are swept after 14 days, and their workspace may add them again", async () => {
  const ctx = await makeWorkspace(t.db);
  const stale = await addDomain(ctx, { domain: "stale-mu.test", withCompanion: true });
  expect(stale.companion?.hostname).toBe("www.stale-mu.test");
  const fresh = await addDomain(ctx, { domain: "fresh.mu.test" });
  const working = await addDomain(ctx, { domain: "working.mu.test" });
  publish("working.mu.test", (await row(working.id)).verificationToken, { CNAME: TARGET });
  await checkDomainNow(ctx, { id: working.id }, opts());
  const old = new Date(Date.now() - 15 * 24 * 3_600_000);
  await t.db.update(domains).set({ createdAt: old }).where(inArray(domains.id, [stale.id, stale.companion!.id, working.id]));
  await t.db.update(domains).set({ createdAt: new Date(Date.now() - 13 * 24 * 3_600_000) }).where(eq(domains.id, fresh.id));
  await recheckDueDomains(t.db, { dns: opts() });
  const left = await t.db.select().from(domains).where(eq(domains.workspaceId, ctx.workspace.id));
  expect(left.map((d) => d.hostname).sort()).toEqual(["fresh.mu.test", "working.mu.test"]);
  // The stale one was the primary: the oldest domain left takes over.
  expect(left.find((d) => d.isPrimary)?.hostname).toBe("working.mu.test");
  expect((await addDomain(ctx, { domain: "stale-mu.test" })).hostname).toBe("stale-mu.test");
});

test("misconfigured for over a week: pointing the domain back at us is not enough, its TXT is needed again", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "portal.nu.test" });
  const token = (await row(added.id)).verificationToken;
  publish("portal.nu.test", token, { CNAME: TARGET });
  expect((await checkDomainNow(ctx, { id: added.id }, opts()))[0].status).toBe("active");
  // The TXT is tidied away, then the CNAME goes too (the domain changed hands, say).
  zone = { [TARGET]: { A: [IP] } };
  expect((await checkDomainNow(ctx, { id: added.id }, opts()))[0].status).toBe("misconfigured");
  await t.db.update(domains).set({ misconfiguredAt: new Date(Date.now() - 8 * 24 * 3_600_000) }).where(eq(domains.id, added.id));
  // The new owner points a CNAME at us: the old workspace's portal is not served there.
  zone = { ...zone, "portal.nu.test": { CNAME: TARGET } };
  expect((await checkDomainNow(ctx, { id: added.id }, opts()))[0].status).toBe("misconfigured");
  expect((await row(added.id)).verifiedAt).toBeNull();
  expect(await resolveWorkspace({ kind: "custom", hostname: "portal.nu.test" })).toBeNull();
  expect(await ask("portal.nu.test")).toBe(404);
  // With the TXT back it is active again.
  publish("portal.nu.test", token, { CNAME: TARGET });
  expect((await checkDomainNow(ctx, { id: added.id }, opts()))[0].status).toBe("active");
  expect((await row(added.id)).verifiedAt).not.toBeNull();
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
  const mail = (await t.db.select().from(messages).where(and(eq(messages.workspaceId, ctx.workspace.id), eq(messages.template, "domain.broken")))).map(openMessage);
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

test("a domain that changed hands: the old workspace's lapsed row does not block the new owner, who proves it and takes it", async () => {
  const old = await makeWorkspace(t.db);
  const added = await addDomain(old, { domain: "portal.lambda.test" });
  publish("portal.lambda.test", (await row(added.id)).verificationToken, { CNAME: TARGET });
  await checkDomainNow(old, { id: added.id }, opts());
  // It breaks, and stays broken for over a week: its proof lapses.
  zone = { ...zone, "portal.lambda.test": { A: ["198.51.100.50"] }, "_portal-verification.portal.lambda.test": { TXT: ["gone"] } };
  await checkDomainNow(old, { id: added.id }, opts());
  await t.db.update(domains).set({ misconfiguredAt: new Date(Date.now() - 8 * 24 * 3_600_000) }).where(eq(domains.id, added.id));
  await checkDomainNow(old, { id: added.id }, opts());
  expect(await row(added.id)).toMatchObject({ status: "misconfigured", verifiedAt: null });

  // The domain's new owner adds it, proves it and takes it; the old row is gone.
  const next = await makeWorkspace(t.db);
  const mine = await addDomain(next, { domain: "portal.lambda.test" });
  publish("portal.lambda.test", (await row(mine.id)).verificationToken, { CNAME: TARGET });
  expect((await checkDomainNow(next, { id: mine.id }, opts()))[0].status).toBe("active");
  expect(await row(added.id)).toBeUndefined();
  expect(await resolveWorkspace({ kind: "custom", hostname: "portal.lambda.test" })).toMatchObject({ id: next.workspace.id });
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
