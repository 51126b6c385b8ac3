import { afterAll, beforeAll, expect, test } from "vitest";
import { getMessage, listMessages, listRecentMessages } from "@/lib/db/queries/messages";
import { getWorkspaceMessage } from "@/lib/messaging/get-workspace-message";
import { listDevOutbox } from "@/lib/messaging/list-dev-outbox";
import { listWorkspaceMessages } from "@/lib/messaging/list-workspace-messages";
import { enqueueMessages } from "@/lib/messaging/outbox";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

// lib/db returns what is stored (sealed subjects and bodies); only lib/messaging opens them, for the admin's Messages
// pages and the dev outbox.
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

test("queries return sealed content; the messaging readers open it and find the links", async () => {
  const ws = await makeWorkspace(t.db);
  const link = "https://acme.example.test/l/abc123";
  const [m] = await enqueueMessages(t.db, [
    { workspaceId: ws.workspace.id, channel: "email", to: "reader@example.test", subject: "Your link", text: `Open ${link}`, html: `<a href="${link}">Open</a>` },
  ]);
  const sealed = await getMessage(t.db, { workspaceId: ws.workspace.id, id: m.id });
  expect(sealed!.subject).toMatch(/^sealed:v1:/);
  expect(sealed!.text).not.toContain(link);
  expect((await listMessages(t.db, { workspaceId: ws.workspace.id })).messages[0].subject).toMatch(/^sealed:v1:/);
  expect((await listRecentMessages(t.db, { limit: 5, to: "reader@example.test" }))[0].html).not.toContain(link);

  expect(await getWorkspaceMessage(t.db, { workspaceId: ws.workspace.id, id: m.id })).toMatchObject({ subject: "Your link", text: `Open ${link}` });
  expect((await listWorkspaceMessages(t.db, { workspaceId: ws.workspace.id })).messages[0].subject).toBe("Your link");
  expect(await listDevOutbox(t.db, { limit: 5, to: "READER@example.test" })).toMatchObject([{ subject: "Your link", links: [link] }]);
  // Another workspace's admin gets nothing.
  const other = await makeWorkspace(t.db);
  expect(await getWorkspaceMessage(t.db, { workspaceId: other.workspace.id, id: m.id })).toBeNull();
});
