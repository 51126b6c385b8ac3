import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { auditEvents, workspaces } from "@/lib/db/schema";
import { brandingSchema, updateBranding } from "@/lib/workspaces/update-branding";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const good = { portalName: "Acme Clients", primaryColor: "#0F766E", logoUrl: "https://cdn.acme.test/logo.svg", faviconUrl: "", supportEmail: "Help@Acme.test" };

test("branding is saved for this workspace only, normalised, and audited", async () => {
  const a = await makeWorkspace(t.db);
  const b = await makeWorkspace(t.db);
  const saved = await updateBranding(a, brandingSchema.parse(good));
  expect(saved).toEqual({ portalName: "Acme Clients", primaryColor: "#0f766e", logoUrl: "https://cdn.acme.test/logo.svg", supportEmail: "help@acme.test" });
  const [rowB] = await t.db.select({ branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, b.workspace.id));
  expect(rowB.branding).toEqual({});
  const events = await t.db.select().from(auditEvents).where(eq(auditEvents.workspaceId, a.workspace.id));
  expect(events.map((e) => e.action)).toContain("workspace.branding_update");
});

test("bad colours, non-https images and bad emails are field errors", () => {
  const r = brandingSchema.safeParse({ ...good, primaryColor: "red", logoUrl: "javascript:alert(1)", faviconUrl: "http://x.test/f.ico", supportEmail: "nope" });
  expect(r.success).toBe(false);
  const fields = r.success ? [] : r.error.issues.map((i) => i.path[0]);
  expect(fields.sort()).toEqual(["faviconUrl", "logoUrl", "primaryColor", "supportEmail"]);
});
