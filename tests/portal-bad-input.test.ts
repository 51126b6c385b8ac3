// Issue 9 item 4 (portal sign-in part): whatever a client puts in a portal cookie or form field (NUL bytes, broken
// percent-encoding, control characters, huge values), every portal POST answers with a redirect or a clear 4xx,
// never a 500, and writes nothing. Real Requests through the route handlers against a real database.
import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { POST as linkPost } from "@/app/api/portal/link/route";
import { POST as refreshPost } from "@/app/api/portal/link/refresh/route";
import { POST as resendPost } from "@/app/api/portal/resend/route";
import { POST as signInPost } from "@/app/api/portal/sign-in/route";
import { POST as signOutPost } from "@/app/api/portal/sign-out/route";
import { POST as verifyPost } from "@/app/api/portal/verify-code/route";
import { emailProfiles, portalUserTypes } from "@/lib/db/schema";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));

type Site = { workspaceId: string; host: string };
function post(site: Site, path: string, body: string, cookie?: string) {
  const headers: Record<string, string> = {
    [WORKSPACE_HEADER]: site.workspaceId,
    [HOST_HEADER]: site.host,
    host: site.host,
    origin: `http://${site.host}`,
    "x-forwarded-for": "10.77.0.1",
    "content-type": "application/x-www-form-urlencoded",
  };
  if (cookie !== undefined) headers.cookie = cookie;
  return new Request(`http://${site.host}${path}`, { method: "POST", headers, body });
}

async function site(): Promise<Site> {
  const ctx = await makeWorkspace(t.db);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  await t.db.insert(portalUserTypes).values({ workspaceId: ctx.workspace.id, name: "Client", signInMethod: "email_code", isDefault: true });
  await invitePortalUser(ctx, { email: "real@example.test", firstName: "Real" });
  return { workspaceId: ctx.workspace.id, host: `${ctx.workspace.slug}.localhost:3000` };
}

/** Rows in every table a portal POST can write to. */
async function snapshot() {
  const tables = ["messages", "portal_sessions", "otp_challenges", "access_links", "rate_limits", "portal_users"];
  const out: Record<string, unknown> = {};
  for (const name of tables) {
    const res = await t.db.execute(sql.raw(`select count(*)::int as n, coalesce(sum(hashtext(t::text)), 0)::text as h from ${name} t`));
    out[name] = ((res as unknown as { rows?: unknown[] }).rows ?? (res as unknown as unknown[]))[0];
  }
  return out;
}

const badCookies = [
  "portal_pending=%00",
  "portal_pending=%E0%A4%A",
  "portal_pending=a.b.c",
  `portal_pending=${"A".repeat(6000)}.${"B".repeat(20)}.${"C".repeat(20)}`,
  "portal_pending_email=%00",
  "portal_pending_email=real%40example.test",
  "portal_session=%00",
  "portal_session=%E0%A4%A",
  `portal_session=${"x".repeat(7000)}`,
  "portal_session=\u0001\u007f",
  "=; ;;; portal_pending",
];
const NUL = "\u0000";
const badFields: Record<string, string>[] = [
  { email: `real@example.test${NUL}` },
  { email: `${NUL}` },
  { email: "x".repeat(10_000) },
  { code: `12345${NUL}` },
  { code: "9".repeat(10_000) },
  { token: `abc${NUL}def` },
  { token: "%E0%A4%A" },
  { token: "y".repeat(10_000) },
];
const routes = [
  ["sign-in", "/api/portal/sign-in", signInPost],
  ["verify-code", "/api/portal/verify-code", verifyPost],
  ["resend", "/api/portal/resend", resendPost],
  ["link", "/api/portal/link", linkPost],
  ["link refresh", "/api/portal/link/refresh", refreshPost],
  ["sign-out", "/api/portal/sign-out", signOutPost],
] as const;

test("bad cookies and bad fields on every portal POST: a redirect or a clear 4xx, never a 500, nothing written", async () => {
  const s = await site();
  const before = await snapshot();
  for (const [name, path, handler] of routes) {
    for (const cookie of badCookies) {
      for (const fields of badFields) {
        const res = await handler(post(s, path, new URLSearchParams(fields).toString(), cookie));
        expect([name, cookie.slice(0, 40), Object.keys(fields)[0], res.status < 500]).toEqual([name, cookie.slice(0, 40), Object.keys(fields)[0], true]);
        expect(res.headers.getSetCookie().some((c) => c.includes("portal_session=") && !/max-age=0/i.test(c))).toBe(false);
        const loc = res.headers.get("location");
        if (loc) expect(loc).not.toContain("error=INTERNAL");
      }
    }
  }
  expect(await snapshot()).toEqual(before);
}, 120_000);

test("a form body far larger than any portal form is refused with 413, unread", async () => {
  const s = await site();
  const before = await snapshot();
  const big = new URLSearchParams({ email: "real@example.test", pad: "z".repeat(64 * 1024) }).toString();
  for (const [, path, handler] of routes) {
    const res = await handler(post(s, path, big));
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/larger than any sign-in form/);
  }
  // Without a Content-Length (a streamed body), the limit still holds.
  const stream = new ReadableStream({
    start(c) {
      for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("z".repeat(8 * 1024)));
      c.close();
    },
  });
  const req = new Request(`http://${s.host}/api/portal/sign-in`, {
    method: "POST",
    headers: { [WORKSPACE_HEADER]: s.workspaceId, [HOST_HEADER]: s.host, host: s.host, origin: `http://${s.host}`, "content-type": "application/x-www-form-urlencoded" },
    body: stream,
    duplex: "half",
  } as RequestInit);
  expect((await signInPost(req)).status).toBe(413);
  expect(await snapshot()).toEqual(before);
});

test("a NUL in the email is a specific validation error, not an internal one", async () => {
  const s = await site();
  const res = await signInPost(post(s, "/api/portal/sign-in", new URLSearchParams({ email: `real@example.test${NUL}` }).toString()));
  expect(res.headers.get("location")).toBe("/sign-in?error=VALIDATION_EMAIL");
});
