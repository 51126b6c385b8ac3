// Admin sign-in links as a mail scanner, the admin and an attacker meet them: the emailed link opens a page that
// changes nothing; only the page's POST (the real route handler, real Requests, a real database) signs in, once.
import { desc, eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import ConfirmSignIn from "@/app/(auth)/sign-in/confirm/[token]/page";
import { GET as nextAuthGet } from "@/app/api/auth/[...nextauth]/route";
import { POST as confirmPost } from "@/app/api/auth/confirm/route";
import { hashedSessionAdapter } from "@/lib/auth/adapter";
import { endSession } from "@/lib/auth/end-session";
import { readSignInLink } from "@/lib/auth/read-sign-in-link";
import { requestSignInLink, requestSignInLinkSchema } from "@/lib/auth/request-sign-in-link";
import { memberInvitations, memberships, messages, sessions, users, verificationTokens } from "@/lib/db/schema";
import { openMessage } from "@/lib/messaging/sealed-body";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));

const APP = "localhost:3000";
let ipSeq = 0;
const freshIp = () => `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

/** Asks for a link the way the form does and returns the URL the email holds. */
async function emailedLink(email: string, callbackUrl = "/") {
  const input = requestSignInLinkSchema.parse({ email, callbackUrl });
  await requestSignInLink(t.db, input, { ip: freshIp() });
  const [row] = await t.db.select().from(messages).where(eq(messages.to, input.email)).orderBy(desc(messages.createdAt)).limit(1);
  const msg = openMessage(row);
  return new URL(/https?:\/\/\S+/.exec(msg.text)![0]);
}
const tokenOf = (url: URL) => url.pathname.split("/").pop()!;
/** The confirm page as the server renders it for a GET. */
const confirmPage = async (token: string) =>
  renderToStaticMarkup(await ConfirmSignIn({ params: Promise.resolve({ token }), searchParams: Promise.resolve({}) }));

function press(token: string, opts: { origin?: string | null; fetchSite?: string; callbackUrl?: string } = {}) {
  const headers: Record<string, string> = { host: APP, "content-type": "application/x-www-form-urlencoded" };
  if (opts.origin !== null) headers.origin = opts.origin ?? `http://${APP}`;
  if (opts.fetchSite) headers["sec-fetch-site"] = opts.fetchSite;
  const body = new URLSearchParams({ token, callbackUrl: opts.callbackUrl ?? "/" }).toString();
  return confirmPost(new Request(`http://${APP}/api/auth/confirm`, { method: "POST", headers, body }));
}
const sessionCookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
const rawSession = (res: Response) => sessionCookieOf(res)!.split(";")[0].split("=")[1];

test("the emailed link opens the confirm page and names no address; opening it again and again spends nothing", async () => {
  const url = await emailedLink("  Scanned@Example.TEST ");
  expect(url.pathname).toMatch(/^\/sign-in\/confirm\/[A-Za-z0-9_-]{43}$/);
  expect(url.href.toLowerCase()).not.toContain("scanned");
  const token = tokenOf(url);
  // A scanner, a preview and the admin all open it: each read shows the button and the link still works.
  for (let i = 0; i < 5; i++) {
    const html = await confirmPage(token);
    expect(html).toContain("Finish signing in");
    expect(html).toContain(">scanned@example.test</strong>");
    expect(html).toContain('<form action="/api/auth/confirm" method="post">');
    expect(html).toContain(`<input type="hidden" name="token" value="${token}"/>`);
  }
  expect(await readSignInLink(t.db, token)).toEqual({ state: "valid", email: "scanned@example.test" });
  expect(await t.db.select().from(sessions)).toHaveLength(0);
  const res = await press(token);
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/");
  expect(sessionCookieOf(res)).toMatch(/; HttpOnly; SameSite=Lax$/);
  const found = await hashedSessionAdapter(t.db).getSessionAndUser!(rawSession(res));
  expect(found?.user.email).toBe("scanned@example.test");
});

test("a second press with the same token fails with a page that says to ask for a new link, and makes no session", async () => {
  const token = tokenOf(await emailedLink("twice@example.test"));
  const first = await press(token);
  expect(sessionCookieOf(first)).toBeDefined();
  const before = await t.db.select().from(sessions);
  const second = await press(token);
  expect(second.status).toBe(303);
  expect(second.headers.get("location")).toBe("/sign-in?error=LINK_INVALID");
  expect(sessionCookieOf(second)).toBeUndefined();
  expect(await t.db.select().from(sessions)).toHaveLength(before.length);
  expect(await readSignInLink(t.db, token)).toEqual({ state: "invalid" });
  const html = await confirmPage(token);
  expect(html).toContain("This sign-in link cannot be used");
  expect(html).toContain("Ask for a new link");
  expect(html).not.toContain("<form");
});

test("two presses at the same moment sign in once", async () => {
  const token = tokenOf(await emailedLink("race@example.test"));
  const results = await Promise.all(Array.from({ length: 6 }, () => press(token)));
  expect(results.filter((r) => sessionCookieOf(r))).toHaveLength(1);
  expect(results.filter((r) => r.headers.get("location") === "/sign-in?error=LINK_INVALID")).toHaveLength(5);
});

test("an expired link shows as expired, and pressing it signs nobody in", async () => {
  const token = tokenOf(await emailedLink("late@example.test"));
  await t.db.update(verificationTokens).set({ expires: new Date(Date.now() - 1000) }).where(eq(verificationTokens.identifier, "late@example.test"));
  expect(await readSignInLink(t.db, token)).toEqual({ state: "expired" });
  const html = await confirmPage(token);
  expect(html).toContain("This sign-in link has expired");
  expect(html).toContain("Ask for a new link");
  expect(html).not.toContain("<form");
  const res = await press(token);
  expect(res.headers.get("location")).toBe("/sign-in?error=LINK_EXPIRED");
  expect(sessionCookieOf(res)).toBeUndefined();
  expect(await t.db.select().from(users).where(eq(users.email, "late@example.test"))).toHaveLength(0);
});

test("a cross-site POST is refused and spends nothing; the page's own no-referrer POST (Origin: null) is accepted", async () => {
  const token = tokenOf(await emailedLink("csrf@example.test"));
  expect((await press(token, { origin: "https://evil.example" })).status).toBe(403);
  expect((await press(token, { origin: null, fetchSite: "cross-site" })).status).toBe(403);
  expect((await press(token, { origin: "null", fetchSite: "cross-site" })).status).toBe(403);
  expect(await readSignInLink(t.db, token)).toMatchObject({ state: "valid" });
  const ok = await press(token, { origin: "null", fetchSite: "same-origin" });
  expect(sessionCookieOf(ok)).toBeDefined();
});

test("a missing, malformed or unknown token is a clear redirect, never a 500", async () => {
  for (const token of ["", "short", "x".repeat(500), "a/b/../../c".padEnd(40, "x"), "A".repeat(43)]) {
    const res = await press(token);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in?error=LINK_INVALID");
  }
  const junk = await confirmPost(new Request(`http://${APP}/api/auth/confirm`, { method: "POST", headers: { host: APP, origin: `http://${APP}`, "content-type": "application/json" }, body: "{" }));
  expect(junk.headers.get("location")).toBe("/sign-in?error=LINK_INVALID");
});

test("after signing in the browser goes only to a path on this site", async () => {
  const url = await emailedLink("next@example.test", "/w/acme/contacts");
  expect(url.search).toBe("?callbackUrl=%2Fw%2Facme%2Fcontacts");
  expect((await press(tokenOf(url), { callbackUrl: "/w/acme/contacts" })).headers.get("location")).toBe("/w/acme/contacts");
  // Browsers drop tabs and line breaks from a URL and read a backslash as a slash: each of these would leave the site.
  for (const evil of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/\t/evil.example/x", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "/\u0000/evil"]) {
    const res = await press(tokenOf(await emailedLink(`next-${++ipSeq}@example.test`)), { callbackUrl: evil });
    expect(res.headers.get("location"), JSON.stringify(evil)).toBe("/");
  }
  // A link asked for with such a path carries none.
  expect((await emailedLink("next-tab@example.test", "/\t/evil.example")).search).toBe("");
});

test("a link in next-auth's old shape opens the confirm page instead of signing in on GET", async () => {
  const token = tokenOf(await emailedLink("legacy@example.test"));
  const ctx = { params: Promise.resolve({ nextauth: ["callback", "email"] }) };
  for (let i = 0; i < 3; i++) {
    const res = await nextAuthGet(new Request(`http://${APP}/api/auth/callback/email?callbackUrl=%2Fw%2Fx&token=${token}&email=legacy%40example.test`), ctx);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/sign-in/confirm/${token}?callbackUrl=%2Fw%2Fx`);
  }
  expect(await readSignInLink(t.db, token)).toMatchObject({ state: "valid" });
  expect(await t.db.select().from(users).where(eq(users.email, "legacy@example.test"))).toHaveLength(0);
});

test("one address is emailed at most once a minute at first, then every 5 minutes; spellings share it; a refused request queues nothing", async () => {
  const email = "limited@example.test";
  const t0 = new Date("2030-01-01T10:00:00Z");
  const at = (sec: number) => new Date(t0.getTime() + sec * 1000);
  await requestSignInLink(t.db, requestSignInLinkSchema.parse({ email: " Limited@Example.Test " }), { ip: freshIp(), now: at(0) });
  await expect(requestSignInLink(t.db, requestSignInLinkSchema.parse({ email: "LIMITED@example.test" }), { ip: freshIp(), now: at(30) })).rejects.toMatchObject({
    code: "RATE_LIMITED",
    message: expect.stringMatching(/^We emailed a sign-in link to this address a moment ago\. Use the link in that email, or ask again in 30 seconds\.$/),
  });
  expect(await t.db.select().from(messages).where(eq(messages.to, email))).toHaveLength(1);
  expect(await t.db.select().from(verificationTokens).where(eq(verificationTokens.identifier, email))).toHaveLength(1);
  // An attacker who knows the address and asks at every chance, from a fresh IP each time, for two hours: the gap
  // never grows past 5 minutes, so the admin's own request is never refused for longer than that.
  let sec = 60;
  let sent = 1;
  while (sec < 2 * 3600) {
    await requestSignInLink(t.db, requestSignInLinkSchema.parse({ email }), { ip: freshIp(), now: at(sec) });
    sent++;
    const refused = await requestSignInLink(t.db, requestSignInLinkSchema.parse({ email }), { ip: freshIp(), now: at(sec + 1) }).then(
      () => null,
      (e: { message: string }) => e.message,
    );
    const wait = Number(refused?.match(/in (\d+) (seconds|minutes)/)?.[1] ?? NaN) * (refused?.includes("minutes") ? 60 : 1);
    expect(wait).toBeLessThanOrEqual(300);
    sec += wait + 1;
  }
  expect(sent).toBeLessThanOrEqual(2 + (2 * 3600) / 300); // the inbox gets at most ~12 an hour
  expect(await t.db.select().from(messages).where(eq(messages.to, email))).toHaveLength(sent);
  // Another address is unaffected; one IP is capped at 20 requests whatever the addresses.
  await requestSignInLink(t.db, requestSignInLinkSchema.parse({ email: "other@example.test" }), { ip: freshIp(), now: at(30) });
  const ip = freshIp();
  for (let i = 0; i < 20; i++) await requestSignInLink(t.db, requestSignInLinkSchema.parse({ email: `ip-${i}@example.test` }), { ip });
  await expect(requestSignInLink(t.db, requestSignInLinkSchema.parse({ email: "ip-20@example.test" }), { ip })).rejects.toMatchObject({ code: "RATE_LIMITED" });
});

test("the form's address is read strictly: lists and non-addresses are refused with words to act on", () => {
  for (const bad of ["victim@x.com,1", "a@x.com;b@y.com", "no-at-sign", "", undefined]) {
    const r = requestSignInLinkSchema.safeParse({ email: bad });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/email address/);
  }
});

test("signing in accepts the address's pending member invitation; signing out ends the session", async () => {
  const ctx = await makeWorkspace(t.db, { slug: "invites" });
  await t.db.insert(memberInvitations).values({
    workspaceId: ctx.workspace.id,
    email: "invited@example.test",
    role: "admin",
    invitedBy: ctx.user.id,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const res = await press(tokenOf(await emailedLink("invited@example.test")));
  const [u] = await t.db.select().from(users).where(eq(users.email, "invited@example.test"));
  expect(await t.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, u.id))).toEqual([{ role: "admin" }]);
  await endSession(t.db, rawSession(res));
  expect(await hashedSessionAdapter(t.db).getSessionAndUser!(rawSession(res))).toBeNull();
});
