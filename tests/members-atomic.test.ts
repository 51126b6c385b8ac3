import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { memberInvitations, messages } from "@/lib/db/schema";
import { inviteMember } from "@/lib/members/invite-member";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

// The audit write is the last step of an invitation; failing it shows whether the earlier writes roll back with it.
vi.mock("@/lib/audit", () => ({ audit: vi.fn(async () => Promise.reject(new Error("audit store down"))) }));

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

test("an invitation, its email and its audit record commit together or not at all", async () => {
  const owner = await makeWorkspace(t.db);
  const email = "atomic@example.test";
  await expect(inviteMember(owner, { email, role: "admin" })).rejects.toThrow("audit store down");
  expect(await t.db.select().from(memberInvitations).where(eq(memberInvitations.workspaceId, owner.workspace.id))).toEqual([]);
  expect(await t.db.select().from(messages).where(eq(messages.to, email))).toEqual([]);
});
