// Idle re-authentication (DESIGN §11, NIST 800-63B): a two-factor session ends after the workspace's idle minutes
// (default 15) and 12 h at most; an idle one gets a fresh code and a new session for the same client, never past
// 12 h; background polling is not activity. The app's controllable clock (TEST_CLOCK=1) moves time.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { GET as statusGet, POST as statusPost } from "@/app/api/portal/session-status/route";
import { POST as clockPost } from "@/app/api/dev/clock/route";
import { auditEvents, pendingSignIns, portalSessions, workspaces } from "@/lib/db/schema";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { peekPortalSession, readPortalSession } from "@/lib/portal/sessions";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { useAppTestDb, type TestDb } from "./helpers/db";
import type { Site } from "./helpers/portal-http";
import { cookieHeader, cookieValue, openLink, send, smsCodes, twoFactorWorld, verify } from "./helpers/two-factor-world";

let t: TestDb;
useAppTestDb((db) => void (t = db));
beforeAll(() => void (process.env.TEST_CLOCK = "1"));
beforeEach(() => resetClock());
afterAll(() => {
  resetClock();
  delete process.env.TEST_CLOCK;
});

const MIN = 60_000;

async function signedIn(opts: { idleMinutes?: number } = {}) {
  const world = await twoFactorWorld(t.db);
  if (opts.idleMinutes) await t.db.update(workspaces).set({ securitySettings: { twoFactorIdleMinutes: opts.idleMinutes } }).where(eq(workspaces.id, world.site.workspaceId));
  const c = await world.client();
  const cookie = cookieHeader(await openLink(world.site, await world.invite(c.portalUserId)));
  await send(world.site, cookie);
  const [code] = await smsCodes(t.db, c.phone!);
  const res = await verify(world.site, cookie, code);
  const token = cookieValue(res, "portal_session")!;
  expect(token).toBeTruthy();
  return { ...world, c, token };
}

const read = (site: Site, token: string) => readPortalSession(t.db, { token, workspaceId: site.workspaceId, host: site.host, touch: false });
function statusRequest(site: Site, token: string | null, method: "GET" | "POST" = "GET") {
  const headers: Record<string, string> = { [WORKSPACE_HEADER]: site.workspaceId, [HOST_HEADER]: site.host, host: site.host, origin: `http://${site.host}` };
  if (token) headers.cookie = `portal_session=${token}`;
  return new Request(`http://${site.host}/api/portal/session-status`, { method, headers });
}

test("a two-factor session ends after 15 idle minutes; a fresh code renews it for the same client, keeping the 12 h limit", async () => {
  const { site, c, token } = await signedIn();
  const before = (await read(site, token))!.session;
  advanceClock(14 * MIN);
  expect(await read(site, token)).not.toBeNull();
  advanceClock(2 * MIN);
  expect(await read(site, token)).toBeNull();
  expect((await peekPortalSession(t.db, { token, workspaceId: site.workspaceId, host: site.host }))?.state).toBe("idle");

  // The code step: the session cookie alone starts a reauth pending sign-in and sends a fresh code.
  const started = await send(site, `portal_session=${token}`, { reauth: "1", next: "/requests/x" });
  expect(started.headers.get("location")).toBe("/verify?reauth=1&next=%2Frequests%2Fx&sent=both");
  const [pending] = await t.db.select().from(pendingSignIns).where(and(eq(pendingSignIns.portalUserId, c.portalUserId), eq(pendingSignIns.purpose, "reauth")));
  expect(pending.sessionId).toBe(before.id);
  const [code] = await smsCodes(t.db, c.phone!);
  const ok = await verify(site, cookieHeader(new Response(null, { headers: { "set-cookie": `portal_session=${token}` } }), started), code);
  expect(ok.headers.get("location")).toBe("/requests/x");
  const fresh = cookieValue(ok, "portal_session")!;
  expect(fresh).not.toBe(token);
  const renewed = (await read(site, fresh))!.session;
  expect(renewed).toMatchObject({ twoFactor: true, portalUserId: c.portalUserId });
  expect(renewed.absoluteExpiresAt.getTime()).toBe(before.absoluteExpiresAt.getTime());
  const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.workspaceId, site.workspaceId), eq(auditEvents.targetId, c.portalUserId)));
  expect(audits.map((a) => a.action).sort()).toEqual(["portal_user.two_factor_reauth", "portal_user.two_factor_sign_in"]);
  // The idle one is over for good.
  expect(await peekPortalSession(t.db, { token, workspaceId: site.workspaceId, host: site.host })).toBeNull();
  expect(await t.db.select().from(portalSessions).where(and(eq(portalSessions.portalUserId, c.portalUserId), isNull(portalSessions.revokedAt)))).toHaveLength(1);
});

test("the workspace's idle minutes apply (5 here)", async () => {
  const { site, token } = await signedIn({ idleMinutes: 5 });
  advanceClock(4 * MIN);
  expect(await read(site, token)).not.toBeNull();
  advanceClock(1 * MIN + 1000);
  expect(await read(site, token)).toBeNull();
});

test("past the 12 h absolute limit there is no re-authentication: the invitation link is the way back", async () => {
  const { site, token } = await signedIn();
  // Active all along: each touch slides the idle expiry, never the absolute one.
  for (let m = 10; m < 12 * 60; m += 10) {
    advanceClock(10 * MIN);
    expect(await readPortalSession(t.db, { token, workspaceId: site.workspaceId, host: site.host, touch: true })).not.toBeNull();
  }
  advanceClock(11 * MIN);
  expect(await read(site, token)).toBeNull();
  expect(await peekPortalSession(t.db, { token, workspaceId: site.workspaceId, host: site.host })).toBeNull();
  const res = await send(site, `portal_session=${token}`, { reauth: "1" });
  expect(res.headers.get("location")).toBe("/verify?reauth=1&error=TWO_FACTOR_PENDING_EXPIRED");
});

test("a code sent before the 12 h limit cannot renew the session after it", async () => {
  const { site, c, token } = await signedIn();
  advanceClock(12 * 60 * MIN - 5 * MIN); // idle, 5 minutes before the absolute limit
  const started = await send(site, `portal_session=${token}`, { reauth: "1" });
  const [code] = await smsCodes(t.db, c.phone!);
  advanceClock(6 * MIN);
  const res = await verify(site, cookieHeader(new Response(null, { headers: { "set-cookie": `portal_session=${token}` } }), started), code);
  expect(cookieValue(res, "portal_session")).toBeNull();
  expect(res.headers.get("location")).toMatch(/error=(TWO_FACTOR_PENDING_EXPIRED|CODE_EXPIRED_OR_EXHAUSTED)/);
});

test("session status: polling does not extend the idle expiry; Stay signed in does; no session is 401", async () => {
  const { site, token } = await signedIn();
  const first = await (await statusGet(statusRequest(site, token))).json();
  advanceClock(5 * MIN);
  const polled = await statusGet(statusRequest(site, token));
  expect(polled.status).toBe(200);
  const second = await polled.json();
  expect(second.idleExpiresAt).toBe(first.idleExpiresAt);
  expect(new Date(second.now).getTime() - new Date(first.now).getTime()).toBeGreaterThanOrEqual(5 * MIN);
  advanceClock(9 * MIN);
  const stay = await (await statusPost(statusRequest(site, token, "POST"))).json();
  expect(new Date(stay.idleExpiresAt).getTime()).toBeGreaterThan(new Date(first.idleExpiresAt).getTime());
  expect(new Date(stay.idleExpiresAt).getTime() - now().getTime()).toBeGreaterThan(14 * MIN);
  advanceClock(16 * MIN);
  expect((await statusGet(statusRequest(site, token))).status).toBe(401);
  expect((await statusGet(statusRequest(site, null))).status).toBe(401);
  // A cross-site "Stay signed in" is refused.
  const cross = statusRequest(site, token, "POST");
  cross.headers.set("origin", "https://evil.example");
  expect((await statusPost(cross)).status).toBe(403);
});

test("the dev clock moves only with TEST_CLOCK=1 and takes only a sane number", async () => {
  const req = (body: unknown) => new Request("http://localhost/api/dev/clock", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  const t0 = now().getTime();
  const ok = await clockPost(req({ advanceMs: 60_000 }));
  expect(ok.status).toBe(200);
  expect(now().getTime() - t0).toBeGreaterThanOrEqual(60_000);
  for (const bad of [{ advanceMs: -1 }, { advanceMs: "5" }, { advanceMs: 1.5 }, {}, null]) expect((await clockPost(req(bad))).status).toBe(422);
  delete process.env.TEST_CLOCK;
  try {
    expect((await clockPost(req({ advanceMs: 1 }))).status).toBe(404);
  } finally {
    process.env.TEST_CLOCK = "1";
  }
});

test("a code sent by SMS and email lives the 10 minutes the email promises, and not longer", async () => {
  const world = await twoFactorWorld(t.db);
  const started = async () => {
    const c = await world.client();
    const cookie = cookieHeader(await openLink(world.site, await world.invite(c.portalUserId)));
    await send(world.site, cookie);
    const [code] = await smsCodes(t.db, c.phone!);
    return { cookie, code };
  };
  const a = await started();
  advanceClock(9 * MIN); // past the SMS text's 5 minutes, within the email's 10
  expect(cookieValue(await verify(world.site, a.cookie, a.code), "portal_session")).toBeTruthy();

  const b = await started();
  advanceClock(11 * MIN);
  expect(cookieValue(await verify(world.site, b.cookie, b.code), "portal_session")).toBeFalsy();
});
