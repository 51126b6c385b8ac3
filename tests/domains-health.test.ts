// Custom domains that break after working, against a real DNS server on loopback: the owners' email and the status
// name the record that actually broke (never the TXT, which is not needed once ownership is proven), and a www/apex
// companion follows its partner: not served (no certificate, no redirect) while the partner is not.
import { and, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { domains, messages } from "@/lib/db/schema";
import { addDomain } from "@/lib/domains/add-domain";
import { checkDomainById, checkDomainNow, recheckDueDomains } from "@/lib/domains/check-domain";
import { txtValue } from "@/lib/domains/domain-records";
import { openMessage } from "@/lib/messaging/sealed-body";
import { resolveWorkspace } from "@/lib/tenancy/resolve";
import type { TestDb } from "./helpers/db";
import { askTls, domainRow, IP, TARGET, useDomainWorld } from "./helpers/domain-world";
import type { DnsServer, Zone } from "./helpers/dns-server";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
let dns: DnsServer;
let zone: Zone;
useDomainWorld({ zone: () => zone, reset: () => void (zone = { [TARGET]: { A: [IP] } }), receive: (db, server) => void ((t = db), (dns = server)) });

const opts = () => ({ servers: [dns.server], timeoutMs: 300 });
const row = (id: string) => domainRow(t.db, id);
const txtName = (host: string) => `_portal-verification.${host}`;
const ask = askTls;
const brokenMail = async (workspaceId: string) =>
  (await t.db.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.template, "domain.broken")))).map(openMessage);
/** Only this row is due, so the sweep checks it alone (its companion is not checked). */
const dueOnly = async (id: string) => {
  await t.db.update(domains).set({ nextCheckAt: new Date(Date.now() + 3_600_000) });
  await t.db.update(domains).set({ nextCheckAt: new Date(Date.now() - 1000) }).where(eq(domains.id, id));
};

test("an active domain whose TXT was tidied away and whose CNAME then breaks: the status and the email name the CNAME, with what was found and expected", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "portal.omicron.test" });
  const token = (await row(added.id)).verificationToken;
  zone = { ...zone, "portal.omicron.test": { CNAME: TARGET }, [txtName("portal.omicron.test")]: { TXT: [txtValue(token)] } };
  expect((await checkDomainNow(ctx, { id: added.id }, opts()))[0]).toMatchObject({ status: "active", lastError: null });

  // The page says the TXT is no longer needed once active; the admin deletes it. Nothing is wrong.
  zone = { [TARGET]: { A: [IP] }, "portal.omicron.test": { CNAME: TARGET } };
  expect((await checkDomainNow(ctx, { id: added.id }, opts()))[0]).toMatchObject({ status: "active", lastError: null });

  // Then the CNAME is replaced by an A record elsewhere: that is what broke.
  zone = { [TARGET]: { A: [IP] }, "portal.omicron.test": { A: ["198.51.100.99"] } };
  await dueOnly(added.id);
  await recheckDueDomains(t.db, { dns: opts() });
  const d = await row(added.id);
  expect(d.status).toBe("misconfigured");
  expect(d.lastError).toContain("198.51.100.99");
  expect(d.lastError).toContain(TARGET);
  expect(d.lastError).not.toMatch(/TXT|_portal-verification/);

  const [mail] = await brokenMail(ctx.workspace.id);
  expect(mail.to).toBe(ctx.user.email);
  expect(mail.text).toContain(`CNAME record for portal.omicron.test: found 198.51.100.99. Expected: CNAME portal.omicron.test → ${TARGET}.`);
  expect(mail.text).not.toMatch(/TXT|_portal-verification/);
});

test("an apex whose A record moves away: the email names the A record, and its www companion goes down with it in the same check", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "pi-shop.test", withCompanion: true });
  const wwwId = added.companion!.id;
  const token = (await row(added.id)).verificationToken;
  zone = { ...zone, "pi-shop.test": { A: [IP] }, [txtName("pi-shop.test")]: { TXT: [txtValue(token)] }, "www.pi-shop.test": { CNAME: TARGET } };
  expect((await checkDomainNow(ctx, { id: added.id }, opts())).map((r) => [r.hostname, r.status])).toEqual([
    ["pi-shop.test", "active"],
    ["www.pi-shop.test", "active"],
  ]);
  expect(await ask("www.pi-shop.test")).toBe(200);

  // The apex's A record now points at another server; www still has its CNAME to us. Only the apex is checked.
  zone = { [TARGET]: { A: [IP] }, "pi-shop.test": { A: ["198.51.100.7"] }, "www.pi-shop.test": { CNAME: TARGET } };
  await dueOnly(added.id);
  const swept = await recheckDueDomains(t.db, { dns: opts() });
  expect(swept.map((r) => r.hostname)).toEqual(["pi-shop.test"]);
  expect((await row(added.id)).status).toBe("misconfigured");
  // The companion followed in the same transaction: no certificate, no redirect to a host that does not answer.
  const www = await row(wwwId);
  expect(www.status).toBe("misconfigured");
  expect(www.lastError).toContain("redirects to pi-shop.test");
  expect(await ask("www.pi-shop.test")).toBe(404);
  expect(await resolveWorkspace({ kind: "custom", hostname: "www.pi-shop.test" })).toBeNull();

  // One email, about the apex, naming its A record and saying www went with it.
  const mail = await brokenMail(ctx.workspace.id);
  expect(mail).toHaveLength(1);
  expect(mail[0].subject).toBe("pi-shop.test stopped working for your client portal");
  expect(mail[0].text).toContain(`A record for pi-shop.test: found 198.51.100.7. Expected: A pi-shop.test → ${IP}.`);
  expect(mail[0].text).toContain("www.pi-shop.test, which redirects to it, stopped too");
  expect(mail[0].text).not.toMatch(/TXT|_portal-verification/);

  // The companion's own check (its CNAME is fine) does not bring it back while the apex is broken.
  const alone = await checkDomainById(t.db, wwwId, opts());
  expect(alone?.after.status).toBe("misconfigured");
  expect(await ask("www.pi-shop.test")).toBe(404);
  expect(await brokenMail(ctx.workspace.id)).toHaveLength(1);

  // The apex is fixed: the sweep brings it back, and the companion (due at once) right after it.
  zone = { ...zone, "pi-shop.test": { A: [IP] } };
  await dueOnly(added.id);
  await recheckDueDomains(t.db, { dns: opts() });
  expect((await row(added.id)).status).toBe("active");
  expect((await row(wwwId)).nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now());
  await recheckDueDomains(t.db, { dns: opts() });
  expect(await row(wwwId)).toMatchObject({ status: "active", lastError: null });
  expect(await ask("www.pi-shop.test")).toBe(200);
});

test("a companion is never further along than its partner: active only once the partner is, pending while it is", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "rho-shop.test", withCompanion: true });
  const wwwId = added.companion!.id;
  const token = (await row(added.id)).verificationToken;
  // Only www's CNAME: the partner is unproven, so www is not served.
  zone = { ...zone, "www.rho-shop.test": { CNAME: TARGET } };
  expect((await checkDomainNow(ctx, { id: added.id }, opts())).map((r) => r.status)).toEqual(["pending", "pending"]);
  expect((await row(wwwId)).lastError).toContain("redirects to rho-shop.test, which is not verified yet");
  expect(await ask("www.rho-shop.test")).toBe(404);
  // The partner's TXT but not its A record: the partner is verified, and so (not active) is www.
  zone = { ...zone, [txtName("rho-shop.test")]: { TXT: [txtValue(token)] } };
  expect((await checkDomainNow(ctx, { id: added.id }, opts())).map((r) => r.status)).toEqual(["verified", "verified"]);
  zone = { ...zone, "rho-shop.test": { A: [IP] } };
  expect((await checkDomainNow(ctx, { id: added.id }, opts())).map((r) => r.status)).toEqual(["active", "active"]);
});

test("a companion row left active under a broken partner (written before companions followed) is still not served", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "sigma-shop.test", withCompanion: true });
  await t.db.update(domains).set({ status: "misconfigured", verifiedAt: new Date() }).where(eq(domains.id, added.id));
  await t.db.update(domains).set({ status: "active", verifiedAt: new Date() }).where(eq(domains.id, added.companion!.id));
  expect(await ask("www.sigma-shop.test")).toBe(404);
  expect(await resolveWorkspace({ kind: "custom", hostname: "www.sigma-shop.test" })).toBeNull();
});

test("a partner's check and its companion's racing: whichever commits last, the companion ends up following the partner, and nothing deadlocks", async () => {
  const ctx = await makeWorkspace(t.db);
  const added = await addDomain(ctx, { domain: "tau-shop.test", withCompanion: true });
  const wwwId = added.companion!.id;
  const token = (await row(added.id)).verificationToken;
  const good: Zone = { [TARGET]: { A: [IP] }, "tau-shop.test": { A: [IP] }, [txtName("tau-shop.test")]: { TXT: [txtValue(token)] }, "www.tau-shop.test": { CNAME: TARGET } };
  for (let round = 0; round < 4; round++) {
    zone = good;
    await checkDomainNow(ctx, { id: added.id }, opts());
    expect((await row(wwwId)).status).toBe("active");
    zone = { ...good, "tau-shop.test": { A: ["198.51.100.8"] } };
    const order = round % 2 === 0 ? [added.id, wwwId] : [wwwId, added.id];
    await Promise.all(order.map((id) => checkDomainById(t.db, id, opts())));
    expect((await row(added.id)).status).toBe("misconfigured");
    expect((await row(wwwId)).status).toBe("misconfigured");
  }
});
