import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loginEmailBatchProgress } from "@/lib/db/queries/portal-users";
import { emailProfiles, messages } from "@/lib/db/schema";
import { invitePortalUser } from "@/lib/portal/invite-portal-user";
import { sendLoginEmails } from "@/lib/portal/send-login-emails";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

// After a bulk send the admin is told whom it went to and who could not be sent one, by name, not only counts.
let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

test("a batch's progress names every recipient and each failure, in this workspace only", async () => {
  const ctx = await makeWorkspace(t.db);
  await t.db.insert(emailProfiles).values({ workspaceId: ctx.workspace.id, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const ids = [];
  for (const [first, last] of [["Zoe", "Adams"], ["Ann", "Brown"], ["Raj", ""]]) {
    ids.push((await invitePortalUser(ctx, { email: `${first.toLowerCase()}@example.test`, firstName: first, lastName: last })).portalUserId);
  }
  const r = await sendLoginEmails(ctx, { portalUserIds: ids });
  // The deliverer's outcome, as the webhook would record it: two sent, one bounced.
  await t.db.update(messages).set({ status: "sent" }).where(eq(messages.batchId, r.batchId));
  await t.db.update(messages).set({ status: "bounced", lastError: "mailbox does not exist" }).where(and(eq(messages.batchId, r.batchId), eq(messages.to, "raj@example.test")));

  const p = await loginEmailBatchProgress(t.db, { workspaceId: ctx.workspace.id, batchId: r.batchId });
  expect(p).toMatchObject({ total: 3, pending: 0, sent: 2, failed: 1 });
  expect(p!.failures).toEqual([{ name: "Raj", to: "raj@example.test", status: "bounced", error: "mailbox does not exist" }]);
  expect(p!.recipients.map((x) => [x.name, x.to, x.status]).sort()).toEqual([
    ["Ann Brown", "ann@example.test", "sent"],
    ["Raj", "raj@example.test", "bounced"],
    ["Zoe Adams", "zoe@example.test", "sent"],
  ]);

  // Another workspace cannot read the batch, even knowing its id.
  const other = await makeWorkspace(t.db);
  expect(await loginEmailBatchProgress(t.db, { workspaceId: other.workspace.id, batchId: r.batchId })).toBeNull();
});
