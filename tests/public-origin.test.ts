// Portal links are built for the address browsers use: PORTAL_PUBLIC_SCHEME / PORTAL_PUBLIC_PORT when a proxy serves
// the portals on another scheme or port than the app's own, else APP_URL's (a local install keeps its port).
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, expect, test } from "vitest";
import { domains, emailProfiles, messages } from "@/lib/db/schema";
import { openMessage } from "@/lib/messaging/sealed-body";
import { invitePortalUser, invitePortalUserSchema } from "@/lib/portal/invite-portal-user";
import { copyMagicLink } from "@/lib/portal/magic-link";
import { portalOriginParts } from "@/lib/public-origin.mjs";
import { clearHostCache } from "@/lib/tenancy/resolve";
import { proxy } from "@/proxy";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));
afterEach(() => {
  delete process.env.PORTAL_PUBLIC_SCHEME;
  delete process.env.PORTAL_PUBLIC_PORT;
});

async function invite(email: string) {
  const ctx = await makeWorkspace(t.db);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const r = await invitePortalUser(ctx, invitePortalUserSchema.parse({ email, firstName: "Asha" }));
  const [raw] = await t.db.select().from(messages).where(eq(messages.id, r.messageId));
  return { ctx, r, text: openMessage(raw).text, html: openMessage(raw).html };
}

test("without the settings, portal links keep APP_URL's scheme and port (a local install)", async () => {
  const { ctx, r, text } = await invite("local@example.test");
  expect(text).toMatch(new RegExp(`http://${ctx.workspace.slug}\\.localhost:3000/l/[A-Za-z0-9_-]+`));
  const copied = await copyMagicLink(ctx, { portalUserId: r.portalUserId });
  expect(copied.url).toMatch(new RegExp(`^http://${ctx.workspace.slug}\\.localhost:3000/l/`));
});

test("behind a proxy on https:8443, the invitation, the magic link and a custom domain's link use the public origin", async () => {
  process.env.PORTAL_PUBLIC_SCHEME = "https";
  process.env.PORTAL_PUBLIC_PORT = "8443";
  const { ctx, r, text, html } = await invite("proxied@example.test");
  expect(text).toMatch(new RegExp(`https://${ctx.workspace.slug}\\.localhost:8443/l/[A-Za-z0-9_-]+`));
  expect(text).not.toContain(":3000");
  expect(html).not.toContain(":3000");
  expect((await copyMagicLink(ctx, { portalUserId: r.portalUserId })).url).toMatch(new RegExp(`^https://${ctx.workspace.slug}\\.localhost:8443/l/`));

  const host = `portal.${ctx.workspace.slug}.test`;
  await t.db.insert(domains).values({ workspaceId: ctx.workspace.id, hostname: host, verificationToken: "tok", status: "active", isPrimary: true });
  expect((await copyMagicLink(ctx, { portalUserId: r.portalUserId })).url).toMatch(new RegExp(`^https://${host.replaceAll(".", "\\.")}:8443/l/`));
});

test("a public scheme alone does not inherit the app's port, and a default port is never written", () => {
  const env = { APP_URL: "http://app.example.test:3000" };
  expect(portalOriginParts({ ...env, PORTAL_PUBLIC_SCHEME: "https" })).toEqual({ scheme: "https", port: "" });
  expect(portalOriginParts({ ...env, PORTAL_PUBLIC_SCHEME: "https", PORTAL_PUBLIC_PORT: "443" })).toEqual({ scheme: "https", port: "" });
  expect(portalOriginParts({ ...env, PORTAL_PUBLIC_PORT: "8080" })).toEqual({ scheme: "http", port: "8080" });
  expect(portalOriginParts({ APP_URL: "https://app.example.test" })).toEqual({ scheme: "https", port: "" });
  expect(portalOriginParts(env)).toEqual({ scheme: "http", port: "3000" });
});

test("a bad value is refused with the setting's name, not turned into a broken link", () => {
  expect(() => portalOriginParts({ PORTAL_PUBLIC_SCHEME: "ftp" })).toThrow(/PORTAL_PUBLIC_SCHEME must be http or https/);
  expect(() => portalOriginParts({ PORTAL_PUBLIC_PORT: "84a3" })).toThrow(/PORTAL_PUBLIC_PORT must be a port number/);
  expect(() => portalOriginParts({ PORTAL_PUBLIC_PORT: "70000" })).toThrow(/PORTAL_PUBLIC_PORT/);
});

test("a www companion's redirect goes to its partner on the public origin, not the app's port", async () => {
  const ctx = await makeWorkspace(t.db);
  const apex = `${ctx.workspace.slug}.test`;
  const [partner] = await t.db.insert(domains).values({ workspaceId: ctx.workspace.id, hostname: apex, verificationToken: "a", status: "active", isPrimary: true }).returning();
  await t.db.insert(domains).values({ workspaceId: ctx.workspace.id, hostname: `www.${apex}`, verificationToken: "b", status: "active", redirectToId: partner.id });
  clearHostCache();
  const hit = () => proxy(new NextRequest(`http://www.${apex}:3000/sign-in?x=1`, { headers: { host: `www.${apex}:3000` } }));
  expect((await hit()).headers.get("location")).toBe(`http://${apex}:3000/sign-in?x=1`);
  process.env.PORTAL_PUBLIC_SCHEME = "https";
  process.env.PORTAL_PUBLIC_PORT = "8443";
  const res = await hit();
  expect(res.status).toBe(308);
  expect(res.headers.get("location")).toBe(`https://${apex}:8443/sign-in?x=1`);
});
