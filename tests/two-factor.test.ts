// Client Centre sign-in (DESIGN §11): the invitation link and a code sent by SMS and email at once, both needed, bound
// to the browser that opened the link. Real Requests through the route handlers, a real database, the real outbox.
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { accessLinks, auditEvents, messages, otpChallenges, pendingSignIns, portalSessions } from "@/lib/db/schema";
import { advanceClock, resetClock } from "@/lib/clock";
import { createPortalSession, readPortalSession } from "@/lib/portal/sessions";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { POST as sendPost } from "@/app/api/portal/two-factor/send/route";
import { cookiesOf, portalPost } from "./helpers/portal-http";
import { cookieHeader, cookieValue, emailCodes, openLink, send, smsCodes, twoFactorWorld, verify, wrongCode } from "./helpers/two-factor-world";

let t: TestDb;
useAppTestDb((db) => void (t = db));
beforeAll(() => void (process.env.TEST_CLOCK = "1"));
beforeEach(() => resetClock());
afterAll(() => {
  resetClock();
  delete process.env.TEST_CLOCK;
});

const session = (res: Response) => cookieValue(res, "portal_session");

test("the link alone gives no session: it starts a pending sign-in bound to this browser and goes to the code step", async () => {
  const { site, client, invite } = await twoFactorWorld(t.db);
  const c = await client();
  const requestId = randomUUID();
  const token = await invite(c.portalUserId, requestId);
  const res = await openLink(site, token);
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/verify");
  expect(session(res)).toBeNull();
  const set = res.headers.getSetCookie().find((x) => x.startsWith("portal_2fa="))!;
  expect(set).toMatch(/HttpOnly/);
  expect(set).toMatch(/SameSite=Lax/);
  expect(set).not.toMatch(/Domain=/i);
  const [pending] = await t.db.select().from(pendingSignIns).where(eq(pendingSignIns.portalUserId, c.portalUserId));
  expect(pending).toMatchObject({ purpose: "link", next: `/requests/${requestId}`, consumedAt: null, challengeId: null, host: site.host });
  expect(pending.browserHash).not.toContain(cookieValue(res, "portal_2fa")!.split(".")[1]);
  const [link] = await t.db.select().from(accessLinks).where(eq(accessLinks.portalUserId, c.portalUserId));
  expect(link.openedAt).not.toBeNull();
  expect(link.lastUsedAt).toBeNull();
  expect(await t.db.select().from(portalSessions).where(eq(portalSessions.portalUserId, c.portalUserId))).toHaveLength(0);
});

test("the code goes to both channels at once; the right code from the link's browser signs in with two factors", async () => {
  const { site, client, invite } = await twoFactorWorld(t.db);
  const c = await client();
  const opened = await openLink(site, await invite(c.portalUserId));
  const cookie = cookieHeader(opened);
  const sent = await send(site, cookie, { channel: "both" });
  expect(sent.headers.get("location")).toBe("/verify?sent=both");
  const [sms] = await smsCodes(t.db, c.phone!);
  const [email] = await emailCodes(t.db, c.email!);
  expect(sms).toBe(email);
  const [ch] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.portalUserId, c.portalUserId));
  expect(ch.purpose).toBe("second_factor");
  expect([...ch.channels].sort()).toEqual(["email", "sms"]);

  const ok = await verify(site, cookie, sms);
  expect(ok.status).toBe(303);
  expect(ok.headers.get("location")).toBe("/");
  const token = session(ok)!;
  expect(cookiesOf(ok)).toContain("portal_2fa="); // cleared
  const s = await readPortalSession(t.db, { token, workspaceId: site.workspaceId, host: site.host, touch: false });
  expect(s?.session.twoFactor).toBe(true);
  expect(s!.session.idleExpiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 5_000);
  const [link] = await t.db.select().from(accessLinks).where(eq(accessLinks.portalUserId, c.portalUserId));
  expect(link.lastUsedAt).not.toBeNull();
  const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, site.workspaceId), eq(auditEvents.targetId, c.portalUserId)));
  expect(audits.map((a) => a.action)).toEqual(["portal_user.two_factor_sign_in"]);
  expect(audits[0].ip).toMatch(/^10\./);
  // The pending sign-in and the code are spent.
  const again = await verify(site, cookie, sms);
  expect(again.headers.get("location")).toBe("/verify?error=TWO_FACTOR_PENDING_EXPIRED");
  expect(session(again)).toBeNull();
});

test("the code without the link's browser gives nothing: no cookie, another browser's cookie, a forged secret, another workspace", async () => {
  const { site, client, invite } = await twoFactorWorld(t.db);
  const c = await client();
  const token = await invite(c.portalUserId);
  const mine = cookieHeader(await openLink(site, token));
  const theirs = cookieHeader(await openLink(site, token)); // an attacker who has the link, in another browser
  await send(site, mine);
  const [code] = await emailCodes(t.db, c.email!);
  const forged = `portal_2fa=${mine.split("=")[1].split(".")[0]}.${"A".repeat(43)}`;
  const other = await twoFactorWorld(t.db);

  for (const [cookie, where] of [
    [undefined, site],
    [theirs, site],
    [forged, site],
    [mine, other.site],
  ] as const) {
    const res = await verify(where, cookie, code);
    expect(session(res)).toBeNull();
    expect(res.headers.get("location")).toMatch(/^\/verify\?error=(TWO_FACTOR_PENDING_EXPIRED|CODE_EXPIRED_OR_EXHAUSTED)$/);
  }
  expect(await t.db.select().from(portalSessions).where(eq(portalSessions.portalUserId, c.portalUserId))).toHaveLength(0);
  // None of those spent the owner's tries: the owner still signs in.
  expect(session(await verify(site, mine, code))).not.toBeNull();
});

test("email only sends one email and no SMS; a resend waits 60 s, then 2 min, and kills the previous code", async () => {
  const { site, client, invite } = await twoFactorWorld(t.db);
  const c = await client();
  const cookie = cookieHeader(await openLink(site, await invite(c.portalUserId)));
  expect((await send(site, cookie, { channel: "email" })).headers.get("location")).toBe("/verify?sent=email");
  expect(await smsCodes(t.db, c.phone!)).toHaveLength(0);
  expect(await emailCodes(t.db, c.email!)).toHaveLength(1);

  const early = await send(site, cookie, { channel: "both" });
  expect(early.headers.get("location")).toBe("/verify?error=TWO_FACTOR_COOLDOWN");
  expect(await emailCodes(t.db, c.email!)).toHaveLength(1);
  advanceClock(61_000);
  expect((await send(site, cookie, { channel: "both" })).headers.get("location")).toBe("/verify?sent=both");
  const [first, second] = [(await emailCodes(t.db, c.email!))[1], (await emailCodes(t.db, c.email!))[0]];
  expect((await smsCodes(t.db, c.phone!))[0]).toBe(second);
  advanceClock(61_000); // the second wait is 2 minutes
  expect((await send(site, cookie, { channel: "email" })).headers.get("location")).toBe("/verify?error=TWO_FACTOR_COOLDOWN");
  advanceClock(60_000);
  expect((await send(site, cookie, { channel: "email" })).headers.get("location")).toBe("/verify?sent=email");
  expect(await smsCodes(t.db, c.phone!)).toHaveLength(1);
  const third = (await emailCodes(t.db, c.email!))[0];

  // The first and second codes died with the resends.
  for (const dead of [first, second].filter((x) => x !== third)) {
    const res = await verify(site, cookie, dead);
    expect(session(res)).toBeNull();
  }
  expect(session(await verify(site, cookie, third))).not.toBeNull();
});

test("five wrong codes kill the code; the right one is then refused", async () => {
  const { site, client, invite } = await twoFactorWorld(t.db);
  const c = await client();
  const cookie = cookieHeader(await openLink(site, await invite(c.portalUserId)));
  await send(site, cookie);
  const [code] = await smsCodes(t.db, c.phone!);
  for (let i = 1; i <= 5; i++) expect((await verify(site, cookie, wrongCode(code, i))).headers.get("location")).toBe("/verify?error=CODE_WRONG");
  const res = await verify(site, cookie, code);
  expect(res.headers.get("location")).toBe("/verify?error=CODE_EXPIRED_OR_EXHAUSTED");
  expect(session(res)).toBeNull();
});

test("a pending sign-in is single-use: two verifies with the right code at once make exactly one session", async () => {
  const { site, client, invite } = await twoFactorWorld(t.db);
  const c = await client();
  const cookie = cookieHeader(await openLink(site, await invite(c.portalUserId)));
  await send(site, cookie);
  const [code] = await smsCodes(t.db, c.phone!);
  const results = await Promise.all(Array.from({ length: 4 }, () => verify(site, cookie, code)));
  expect(results.filter((r) => session(r))).toHaveLength(1);
  expect(await t.db.select().from(portalSessions).where(eq(portalSessions.portalUserId, c.portalUserId))).toHaveLength(1);
});

test("a link replaced by a newer invitation while the code was on its way signs nobody in", async () => {
  const { site, client, invite } = await twoFactorWorld(t.db);
  const c = await client();
  const oldToken = await invite(c.portalUserId);
  const cookie = cookieHeader(await openLink(site, oldToken));
  await send(site, cookie);
  const [code] = await smsCodes(t.db, c.phone!);
  await invite(c.portalUserId);
  const res = await verify(site, cookie, code);
  expect(res.headers.get("location")).toBe("/verify?error=LINK_SUPERSEDED");
  expect(session(res)).toBeNull();
  // And the old link's Continue now says it was replaced, and starts nothing.
  const again = await openLink(site, oldToken);
  expect(again.headers.get("location")).toMatch(/\?error=LINK_SUPERSEDED$/);
  expect(cookiesOf(again)).toEqual([]);
});

test("SMS that cannot go (a number outside the allowed countries, SMS not set up, no mobile) leaves the code by email", async () => {
  const sms = await twoFactorWorld(t.db);
  const foreign = await sms.client({ phone: "+14155550123" });
  const c1 = cookieHeader(await openLink(sms.site, await sms.invite(foreign.portalUserId)));
  expect((await send(sms.site, c1, { channel: "both" })).headers.get("location")).toBe("/verify?sent=email&sms=0");
  expect(await smsCodes(t.db, foreign.phone!)).toHaveLength(0);
  expect(await emailCodes(t.db, foreign.email!)).toHaveLength(1);

  const plain = await twoFactorWorld(t.db, { sms: false });
  const c = await plain.client();
  const c2 = cookieHeader(await openLink(plain.site, await plain.invite(c.portalUserId)));
  expect((await send(plain.site, c2, { channel: "both" })).headers.get("location")).toBe("/verify?sent=email&sms=0");
  expect(await t.db.select().from(messages).where(and(eq(messages.to, c.phone!), eq(messages.channel, "sms")))).toHaveLength(0);
  const [code] = await emailCodes(t.db, c.email!);
  expect(session(await verify(plain.site, c2, code))).not.toBeNull();
});

test("other link kinds sign in as before, with one factor", async () => {
  const { site, client } = await twoFactorWorld(t.db);
  const c = await client();
  const link = await t.db.transaction((tx) => import("@/lib/portal/access-links").then((m) => m.issueAccessLink(tx, { workspaceId: site.workspaceId, portalUserId: c.portalUserId, kind: "magic" })));
  const res = await openLink(site, link.token);
  expect(res.headers.get("location")).toBe("/");
  const s = await readPortalSession(t.db, { token: session(res)!, workspaceId: site.workspaceId, host: site.host, touch: false });
  expect(s?.session.twoFactor).toBe(false);
  expect(await t.db.select().from(pendingSignIns).where(eq(pendingSignIns.portalUserId, c.portalUserId))).toHaveLength(0);
});

test("step-up: a one-factor client stays signed in until the code is right, then the token rotates to a two-factor session", async () => {
  const { site, client } = await twoFactorWorld(t.db);
  const c = await client();
  const one = await t.db.transaction((tx) => createPortalSession(tx, { workspaceId: site.workspaceId, portalUserId: c.portalUserId, host: site.host, twoFactor: false }));
  const sessionCookie = `portal_session=${one.token}`;
  const next = `/requests/${randomUUID()}`;
  const started = await send(site, sessionCookie, { next });
  expect(started.headers.get("location")).toBe(`/verify?next=${encodeURIComponent(next)}&sent=both`);
  const cookie = cookieHeader(new Response(null, { headers: { "set-cookie": `${sessionCookie}` } }), started);
  const [pending] = await t.db.select().from(pendingSignIns).where(eq(pendingSignIns.portalUserId, c.portalUserId));
  expect(pending).toMatchObject({ purpose: "step_up", next });
  const [code] = await smsCodes(t.db, c.phone!);

  const wrong = await verify(site, cookie, wrongCode(code));
  expect(wrong.headers.get("location")).toBe("/verify?error=CODE_WRONG");
  expect(await readPortalSession(t.db, { token: one.token, workspaceId: site.workspaceId, host: site.host, touch: false })).not.toBeNull();
  // The pending cookie without the session it renews is not enough.
  expect(session(await verify(site, cookie.split("; ").filter((x) => x.startsWith("portal_2fa")).join("; "), code))).toBeNull();

  const ok = await verify(site, cookie, code);
  expect(ok.headers.get("location")).toBe(next);
  const fresh = session(ok)!;
  expect(fresh).not.toBe(one.token);
  expect(await readPortalSession(t.db, { token: one.token, workspaceId: site.workspaceId, host: site.host, touch: false })).toBeNull();
  const s = await readPortalSession(t.db, { token: fresh, workspaceId: site.workspaceId, host: site.host, touch: false });
  expect(s?.session).toMatchObject({ twoFactor: true, portalUserId: c.portalUserId });
  const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, site.workspaceId), eq(auditEvents.targetId, c.portalUserId)));
  expect(audits.map((a) => a.action)).toEqual(["portal_user.two_factor_step_up"]);
  expect(await t.db.select().from(portalSessions).where(and(eq(portalSessions.portalUserId, c.portalUserId), isNull(portalSessions.revokedAt)))).toHaveLength(1);
});

test("a send without any pending sign-in or session, and a next that leaves the host, are refused or made safe", async () => {
  const { site, client } = await twoFactorWorld(t.db);
  expect((await send(site, undefined)).headers.get("location")).toBe("/verify?error=TWO_FACTOR_PENDING_EXPIRED");
  const c = await client();
  const one = await t.db.transaction((tx) => createPortalSession(tx, { workspaceId: site.workspaceId, portalUserId: c.portalUserId, host: site.host, twoFactor: false }));
  await send(site, `portal_session=${one.token}`, { next: "//evil.example/x" });
  const [pending] = await t.db.select().from(pendingSignIns).where(eq(pendingSignIns.portalUserId, c.portalUserId));
  expect(pending.next).toBe("/");
});

test("a client already signed in with both factors is not asked again; a cross-site send is refused", async () => {
  const { site, client } = await twoFactorWorld(t.db);
  const c = await client();
  const two = await t.db.transaction((tx) => createPortalSession(tx, { workspaceId: site.workspaceId, portalUserId: c.portalUserId, host: site.host, twoFactor: true }));
  const res = await send(site, `portal_session=${two.token}`, { next: "/requests/abc" });
  expect(res.headers.get("location")).toBe("/requests/abc");
  expect(await t.db.select().from(pendingSignIns).where(eq(pendingSignIns.portalUserId, c.portalUserId))).toHaveLength(0);
  expect(await t.db.select().from(messages).where(eq(messages.to, c.email!))).toHaveLength(0);

  const req = portalPost(site, "/api/portal/two-factor/send", { channel: "both", next: "/" }, { cookie: `portal_session=${two.token}` });
  req.headers.set("origin", "https://evil.example");
  expect((await sendPost(req)).status).toBe(403);
});

test("opening the link again in the same browser replaces its pending sign-in, so abandoned codes never lock the client out", async () => {
  const { site, client, invite } = await twoFactorWorld(t.db);
  const c = await client();
  const token = await invite(c.portalUserId);
  let cookie = cookieHeader(await openLink(site, token));
  let lastCode = "";
  for (let i = 0; i < 4; i++) {
    expect((await send(site, cookie, { channel: "email" })).headers.get("location")).toBe("/verify?sent=email");
    lastCode = (await emailCodes(t.db, c.email!))[0];
    cookie = cookieHeader(await openLink(site, token, cookie)); // the response sets this browser's new pending cookie
  }
  const live = await t.db.select().from(pendingSignIns).where(and(eq(pendingSignIns.portalUserId, c.portalUserId), isNull(pendingSignIns.consumedAt)));
  expect(live).toHaveLength(1);
  expect(await t.db.select().from(otpChallenges).where(and(eq(otpChallenges.portalUserId, c.portalUserId), isNull(otpChallenges.consumedAt)))).toHaveLength(0);
  // The newest pending sign-in has no code yet: the last code (of a retired one) does not work there.
  expect(session(await verify(site, cookie, lastCode))).toBeNull();
  await send(site, cookie);
  expect(session(await verify(site, cookie, (await smsCodes(t.db, c.phone!))[0]))).not.toBeNull();
});
