// The portal's sign-in endpoints as a browser (or an attacker) meets them: real Requests through the route handlers,
// with the routing headers proxy.ts sets, against a real database.
import { desc, eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { POST as linkPost } from "@/app/api/portal/link/route";
import { POST as refreshPost } from "@/app/api/portal/link/refresh/route";
import { POST as resendPost } from "@/app/api/portal/resend/route";
import { POST as signInPost } from "@/app/api/portal/sign-in/route";
import { POST as signOutPost } from "@/app/api/portal/sign-out/route";
import { POST as verifyPost } from "@/app/api/portal/verify-code/route";
import { accessLinks, emailProfiles, messages, otpChallenges, portalUsers, portalUserTypes } from "@/lib/db/schema";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { regenerateMagicLink } from "@/lib/portal/magic-link";
import { revokeAccess } from "@/lib/portal/revoke-access";
import { readPortalSession } from "@/lib/portal/sessions";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";
import { openMessage } from "@/lib/messaging/sealed-body";

let t: TestDb;
useAppTestDb((db) => void (t = db));

let ipSeq = 0;
const freshIp = () => `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

type Site = { workspaceId: string; host: string };
function post(site: Site, path: string, fields: Record<string, string>, opts: { cookie?: string; ip?: string; origin?: string } = {}) {
  const headers: Record<string, string> = {
    [WORKSPACE_HEADER]: site.workspaceId,
    [HOST_HEADER]: site.host,
    host: site.host,
    origin: opts.origin ?? `http://${site.host}`,
    "x-forwarded-for": opts.ip ?? freshIp(),
    "content-type": "application/x-www-form-urlencoded",
  };
  if (opts.cookie) headers.cookie = opts.cookie;
  return new Request(`http://${site.host}${path}`, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
}
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);
const cookieHeader = (res: Response) => cookiesOf(res).join("; ");
const sessionToken = (res: Response) => cookiesOf(res).find((c) => c.startsWith("portal_session="))?.split("=")[1] ?? null;

async function portal(method: "email_code" | "email_link" = "email_link") {
  const ctx = await makeWorkspace(t.db);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  await t.db.insert(portalUserTypes).values({ workspaceId: ctx.workspace.id, name: "Client", signInMethod: method, isDefault: true });
  const site: Site = { workspaceId: ctx.workspace.id, host: `${ctx.workspace.slug}.localhost:3000` };
  const invite = async (email: string) => invitePortalUser(ctx, { email, firstName: email.split("@")[0] });
  return { ctx, site, invite };
}
const lastMessageTo = async (to: string) => openMessage((await t.db.select().from(messages).where(eq(messages.to, to)).orderBy(desc(messages.createdAt)).limit(1))[0]);
const tokenIn = (text: string) => /\/l\/([A-Za-z0-9_-]+)/.exec(text)![1];

test("the email step answers the same for a known and an unknown address; only the known one is emailed", async () => {
  const { site, invite } = await portal();
  await invite("known@example.test");
  const before = await t.db.select().from(messages);
  const known = await signInPost(post(site, "/api/portal/sign-in", { email: "Known@Example.test" }));
  const unknown = await signInPost(post(site, "/api/portal/sign-in", { email: "nobody@example.test" }));
  for (const res of [known, unknown]) {
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in/check-email");
    expect(cookiesOf(res)[0]).toMatch(/^portal_pending=[A-Za-z0-9_.-]+$/);
  }
  expect(await known.text()).toBe(await unknown.text());
  const after = await t.db.select().from(messages);
  const added = after.filter((m) => !before.some((b) => b.id === m.id));
  expect(added.map((m) => [m.to, m.template])).toEqual([["known@example.test", "portal.sign_in_link"]]);
});

test("a malformed email is sent back with a specific error and nothing is queued", async () => {
  const { site } = await portal();
  const res = await signInPost(post(site, "/api/portal/sign-in", { email: "not an email" }));
  expect(res.headers.get("location")).toBe("/sign-in?error=VALIDATION_EMAIL");
  expect(await t.db.select().from(messages).where(eq(messages.workspaceId, site.workspaceId))).toHaveLength(0);
});

test("sign-in by code: the emailed code signs in once, on this host only; a wrong code is refused", async () => {
  const { site, invite } = await portal("email_code");
  const inv = await invite("coder@example.test");
  const res = await signInPost(post(site, "/api/portal/sign-in", { email: "coder@example.test" }));
  const pending = cookieHeader(res);
  const msg = await lastMessageTo("coder@example.test");
  expect(msg.template).toBe("portal.sign_in_code");
  const code = /\b(\d{6})\b/.exec(msg.subject!)![1];
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  const bad = await verifyPost(post(site, "/api/portal/verify-code", { code: wrong }, { cookie: pending }));
  expect(bad.headers.get("location")).toBe("/sign-in/check-email?error=CODE_WRONG");
  expect(sessionToken(bad)).toBeNull();

  const ok = await verifyPost(post(site, "/api/portal/verify-code", { code }, { cookie: pending }));
  expect(ok.status).toBe(303);
  expect(ok.headers.get("location")).toBe("/");
  const setCookie = ok.headers.getSetCookie().find((c) => c.startsWith("portal_session="))!;
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Lax/);
  expect(setCookie).not.toMatch(/Domain=/i); // host-only
  const token = sessionToken(ok)!;
  expect(await readPortalSession(t.db, { token, workspaceId: site.workspaceId, host: site.host, touch: false })).not.toBeNull();
  // Another host of the platform, or another workspace, does not accept it.
  expect(await readPortalSession(t.db, { token, workspaceId: site.workspaceId, host: "portal.acme.example", touch: false })).toBeNull();
  const other = await portal();
  expect(await readPortalSession(t.db, { token, workspaceId: other.site.workspaceId, host: site.host, touch: false })).toBeNull();
  // The code was used up.
  const again = await verifyPost(post(site, "/api/portal/verify-code", { code }, { cookie: pending }));
  expect(again.headers.get("location")).toBe("/sign-in/check-email?error=CODE_WRONG");
  // Joined on first sign-in.
  const [pu] = await t.db.select().from(portalUsers).where(eq(portalUsers.id, inv.portalUserId));
  expect(pu.status).toBe("joined");
  expect(pu.joinedAt).not.toBeNull();
});

test("100 parallel wrong codes from many addresses get at most 5 evaluated, and the right code is then dead", async () => {
  const { site, invite } = await portal("email_code");
  const inv = await invite("target@example.test");
  const res = await signInPost(post(site, "/api/portal/sign-in", { email: "target@example.test" }));
  const pending = cookieHeader(res);
  const code = /\b(\d{6})\b/.exec((await lastMessageTo("target@example.test")).subject!)![1];
  const guesses = Array.from({ length: 100 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
  const answers = await Promise.all(guesses.map((g) => verifyPost(post(site, "/api/portal/verify-code", { code: g }, { cookie: pending }))));
  expect(answers.every((a) => sessionToken(a) === null)).toBe(true);
  const [ch] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.portalUserId, inv.portalUserId));
  expect(ch.attempts).toBeLessThanOrEqual(5);
  // Every answer is the same words, evaluated or not: the count lives in the database, not in what a guesser sees.
  expect(new Set(answers.map((a) => a.headers.get("location")))).toEqual(new Set(["/sign-in/check-email?error=CODE_WRONG"]));
  const right = await verifyPost(post(site, "/api/portal/verify-code", { code }, { cookie: pending }));
  expect(sessionToken(right)).toBeNull();
});

test("a code for an unknown address reads exactly like a wrong code, and so does a used-up one", async () => {
  const { site, invite } = await portal("email_code");
  const res = await signInPost(post(site, "/api/portal/sign-in", { email: "ghost@example.test" }));
  const r = await verifyPost(post(site, "/api/portal/verify-code", { code: "123456" }, { cookie: cookieHeader(res) }));
  expect(r.headers.get("location")).toBe("/sign-in/check-email?error=CODE_WRONG");

  await invite("spent@example.test");
  const pending = cookieHeader(await signInPost(post(site, "/api/portal/sign-in", { email: "spent@example.test" })));
  const code = /\b(\d{6})\b/.exec((await lastMessageTo("spent@example.test")).subject!)![1];
  for (let i = 1; i <= 5; i++) await verifyPost(post(site, "/api/portal/verify-code", { code: String((Number(code) + i) % 1_000_000).padStart(6, "0") }, { cookie: pending }));
  const spent = await verifyPost(post(site, "/api/portal/verify-code", { code }, { cookie: pending }));
  expect(spent.headers.get("location")).toBe("/sign-in/check-email?error=CODE_WRONG");
});

test("a one-time sign-in link signs in once; its replay is refused; the magic link keeps working", async () => {
  const { ctx, site, invite } = await portal("email_link");
  const inv = await invite("linky@example.test");
  const magic = tokenIn((await lastMessageTo("linky@example.test")).text);
  await signInPost(post(site, "/api/portal/sign-in", { email: "linky@example.test" }));
  const signInToken = tokenIn((await lastMessageTo("linky@example.test")).text);
  expect(signInToken).not.toBe(magic);

  const first = await linkPost(post(site, "/api/portal/link", { token: signInToken }));
  expect(first.headers.get("location")).toBe("/");
  expect(sessionToken(first)).not.toBeNull();
  const replay = await linkPost(post(site, "/api/portal/link", { token: signInToken }));
  expect(replay.headers.get("location")).toBe(`/l/${signInToken}?error=LINK_INVALID`);
  expect(sessionToken(replay)).toBeNull();

  // The invitation link is reusable until replaced; after Regenerate it says so.
  expect(sessionToken(await linkPost(post(site, "/api/portal/link", { token: magic })))).not.toBeNull();
  expect(sessionToken(await linkPost(post(site, "/api/portal/link", { token: magic })))).not.toBeNull();
  const regenerated = await regenerateMagicLink(ctx, { portalUserId: inv.portalUserId });
  const old = await linkPost(post(site, "/api/portal/link", { token: magic }));
  expect(old.headers.get("location")).toBe(`/l/${magic}?error=LINK_SUPERSEDED`);
  expect(sessionToken(await linkPost(post(site, "/api/portal/link", { token: regenerated.url.split("/l/")[1] })))).not.toBeNull();
});

test("an expired link says so, and its refresh emails a fresh one-time link to the address on file", async () => {
  const { site, invite } = await portal();
  const inv = await invite("late@example.test");
  const token = tokenIn((await lastMessageTo("late@example.test")).text);
  await t.db.update(accessLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accessLinks.portalUserId, inv.portalUserId));
  const res = await linkPost(post(site, "/api/portal/link", { token }));
  expect(res.headers.get("location")).toBe(`/l/${token}?error=LINK_EXPIRED`);
  const refreshed = await refreshPost(post(site, "/api/portal/link/refresh", { token }));
  expect(refreshed.headers.get("location")).toBe("/sign-in/check-email?fresh=1");
  const fresh = await lastMessageTo("late@example.test");
  expect(fresh.template).toBe("portal.sign_in_link");
  expect(sessionToken(await linkPost(post(site, "/api/portal/link", { token: tokenIn(fresh.text) })))).not.toBeNull();
  // An unknown token's refresh answers the same and sends nothing.
  const count = (await t.db.select().from(messages)).length;
  const unknown = await refreshPost(post(site, "/api/portal/link/refresh", { token: "x".repeat(43) }));
  expect(unknown.headers.get("location")).toBe("/sign-in/check-email?fresh=1");
  expect((await t.db.select().from(messages)).length).toBe(count);
});

test("a link or session of workspace A is useless on workspace B's host", async () => {
  const a = await portal();
  const b = await portal();
  await a.invite("cross@example.test");
  const token = tokenIn((await lastMessageTo("cross@example.test")).text);
  const onB = await linkPost(post(b.site, "/api/portal/link", { token }));
  expect(onB.headers.get("location")).toBe(`/l/${token}?error=LINK_INVALID`);
  expect(sessionToken(onB)).toBeNull();
  const session = sessionToken(await linkPost(post(a.site, "/api/portal/link", { token })))!;
  expect(await readPortalSession(t.db, { token: session, workspaceId: b.site.workspaceId, host: b.site.host, touch: true })).toBeNull();
  // B's sign-out with A's cookie ends nothing of A.
  await signOutPost(post(b.site, "/api/portal/sign-out", {}, { cookie: `portal_session=${session}` }));
  expect(await readPortalSession(t.db, { token: session, workspaceId: a.site.workspaceId, host: a.site.host, touch: false })).not.toBeNull();
});

test("revoking access ends the session at once and the links stop working", async () => {
  const { ctx, site, invite } = await portal();
  const inv = await invite("gone@example.test");
  const token = tokenIn((await lastMessageTo("gone@example.test")).text);
  const session = sessionToken(await linkPost(post(site, "/api/portal/link", { token })))!;
  await revokeAccess(ctx, { portalUserId: inv.portalUserId });
  expect(await readPortalSession(t.db, { token: session, workspaceId: site.workspaceId, host: site.host, touch: true })).toBeNull();
  const res = await linkPost(post(site, "/api/portal/link", { token }));
  expect(res.headers.get("location")).toBe(`/l/${token}?error=ACCESS_REVOKED`);
  // A revoked user asking to sign in gets the usual answer and no email.
  const count = (await t.db.select().from(messages).where(eq(messages.to, "gone@example.test"))).length;
  const again = await signInPost(post(site, "/api/portal/sign-in", { email: "gone@example.test" }));
  expect(again.headers.get("location")).toBe("/sign-in/check-email");
  expect((await t.db.select().from(messages).where(eq(messages.to, "gone@example.test"))).length).toBe(count);
});

test("sign out ends the session on the server and clears the cookie", async () => {
  const { site, invite } = await portal();
  await invite("bye@example.test");
  const token = tokenIn((await lastMessageTo("bye@example.test")).text);
  const session = sessionToken(await linkPost(post(site, "/api/portal/link", { token })))!;
  const out = await signOutPost(post(site, "/api/portal/sign-out", {}, { cookie: `portal_session=${session}` }));
  expect(out.headers.get("location")).toBe("/sign-in?signed_out=1");
  expect(out.headers.getSetCookie().find((c) => c.startsWith("portal_session="))).toMatch(/Max-Age=0/);
  expect(await readPortalSession(t.db, { token: session, workspaceId: site.workspaceId, host: site.host, touch: false })).toBeNull();
});

test("cross-site form posts are refused, and requests that did not come through the proxy are 404", async () => {
  const { site, invite } = await portal();
  await invite("csrf@example.test");
  const token = tokenIn((await lastMessageTo("csrf@example.test")).text);
  const evil = await linkPost(post(site, "/api/portal/link", { token }, { origin: "https://evil.example" }));
  expect(evil.status).toBe(403);
  // `Origin: null` (a no-referrer page, a sandboxed frame) is trusted only when the browser says same-origin.
  for (const site2 of [undefined, "cross-site", "same-site"]) {
    const req = post(site, "/api/portal/link", { token }, { origin: "null" });
    if (site2) req.headers.set("sec-fetch-site", site2);
    expect((await linkPost(req)).status).toBe(403);
  }
  const fromOwnPage = post(site, "/api/portal/link", { token }, { origin: "null" });
  fromOwnPage.headers.set("sec-fetch-site", "same-origin");
  expect(sessionToken(await linkPost(fromOwnPage))).not.toBeNull();
  const bare = new Request(`http://${site.host}/api/portal/link`, { method: "POST", body: new URLSearchParams({ token }) });
  expect((await linkPost(bare)).status).toBe(404);
});

test("rate limits: the 11th sign-in request from one IP in 15 minutes is refused; one address is emailed at most once a minute at first", async () => {
  const { site, invite } = await portal();
  await invite("busy@example.test");
  const ip = "203.0.113.7";
  const results: (string | null)[] = [];
  for (let i = 0; i < 11; i++) results.push((await signInPost(post(site, "/api/portal/sign-in", { email: `n${i}@example.test` }, { ip }))).headers.get("location"));
  expect(results.slice(0, 10).every((l) => l === "/sign-in/check-email")).toBe(true);
  expect(results[10]).toBe("/sign-in?error=RATE_LIMITED");
  const count = async () => (await t.db.select().from(messages).where(eq(messages.to, "busy@example.test"))).length;
  const before = await count();
  const perAddress: (string | null)[] = [];
  for (let i = 0; i < 3; i++) perAddress.push((await signInPost(post(site, "/api/portal/sign-in", { email: "busy@example.test" }))).headers.get("location"));
  expect(perAddress).toEqual(["/sign-in/check-email", "/sign-in/check-email?wait=1", "/sign-in/check-email?wait=1"]);
  expect(await count()).toBe(before + 1);
  // The wait reads the same for an unknown address.
  const unknown: (string | null)[] = [];
  for (let i = 0; i < 3; i++) unknown.push((await signInPost(post(site, "/api/portal/sign-in", { email: "nobody-x@example.test" }))).headers.get("location"));
  expect(unknown).toEqual(perAddress);
});

test("Resend takes the address from the browser's pending sign-in, waits out the cooldown, and the new code works in that browser", async () => {
  const { site, invite } = await portal("email_code");
  await invite("again@example.test");
  const first = await signInPost(post(site, "/api/portal/sign-in", { email: "again@example.test" }));
  const pending = cookieHeader(first);
  const count = async () => (await t.db.select().from(messages).where(eq(messages.to, "again@example.test"))).length;
  const sent = await count();
  // Too soon: nothing sent, no new cookie (the code already sent keeps working here).
  const early = await resendPost(post(site, "/api/portal/resend", {}, { cookie: pending }));
  expect(early.headers.get("location")).toBe("/sign-in/check-email?wait=1");
  expect(early.headers.getSetCookie()).toEqual([]);
  expect(await count()).toBe(sent);
  // A minute later: a new email, and this browser is bound to the new code.
  await t.db.execute(sql`update rate_limits set expire = expire - interval '61 seconds' where key like 'portal-send-slot:%'`);
  const later = await resendPost(post(site, "/api/portal/resend", {}, { cookie: pending }));
  expect(later.headers.get("location")).toBe("/sign-in/check-email");
  expect(await count()).toBe(sent + 1);
  const code = /\b(\d{6})\b/.exec((await lastMessageTo("again@example.test")).subject!)![1];
  const ok = await verifyPost(post(site, "/api/portal/verify-code", { code }, { cookie: cookieHeader(later) }));
  expect(sessionToken(ok)).not.toBeNull();
  // Without a pending sign-in there is nothing to resend: back to the email form, nothing sent.
  const none = await resendPost(post(site, "/api/portal/resend", {}));
  expect(none.headers.get("location")).toBe("/sign-in?error=SIGN_IN_PENDING_EXPIRED");
  expect(await count()).toBe(sent + 1);
});

test("over https the pending sign-in is a __Host- cookie (Secure, no Domain), and the plain name is not read there", async () => {
  const { site, invite } = await portal("email_code");
  await invite("secure@example.test");
  const https = (req: Request) => (req.headers.set("x-forwarded-proto", "https"), req);
  const res = await signInPost(https(post(site, "/api/portal/sign-in", { email: "secure@example.test" })));
  const [set] = res.headers.getSetCookie();
  expect(set).toMatch(/^__Host-portal_pending=[A-Za-z0-9_.-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=900; Secure$/);
  const code = /\b(\d{6})\b/.exec((await lastMessageTo("secure@example.test")).subject!)![1];
  const value = cookiesOf(res)[0].split("=").slice(1).join("=");
  // A cookie another host could have planted under the plain name is ignored on https.
  const planted = await verifyPost(https(post(site, "/api/portal/verify-code", { code }, { cookie: `portal_pending=${value}` })));
  expect(planted.headers.get("location")).toBe("/sign-in/check-email?error=SIGN_IN_PENDING_EXPIRED");
  const ok = await verifyPost(https(post(site, "/api/portal/verify-code", { code }, { cookie: `__Host-portal_pending=${value}` })));
  expect(ok.headers.getSetCookie().some((c) => c.startsWith("__Host-portal_session="))).toBe(true);
});
