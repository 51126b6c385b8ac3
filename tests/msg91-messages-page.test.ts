// What an admin and a developer see of an SMS: the Messages list and timeline, and the dev outbox, show the channel,
// the DLT template id, the sender, the segments and the operator's reason, never the sealed variables.
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { afterAll, beforeAll, expect, test } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/msg91/[secret]/route";
import { MessagesTable } from "@/components/admin/messages/messages-table";
import { timelineOf } from "@/components/admin/messages/message-timeline";
import { listMessageEvents } from "@/lib/db/queries/messages";
import { deliverDue } from "@/lib/jobs/deliver-outbox";
import { outboxDriver } from "@/lib/messaging/drivers";
import { getWorkspaceMessage } from "@/lib/messaging/get-workspace-message";
import { listDevOutbox } from "@/lib/messaging/list-dev-outbox";
import { listWorkspaceMessages } from "@/lib/messaging/list-workspace-messages";
import { topUpSmsCredits } from "@/lib/sms/credits/top-up-sms-credits";
import { createMsg91Driver } from "@/lib/sms/msg91-driver";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { startFakeMsg91 } from "./helpers/fake-msg91";
import { makeWorkspace } from "./helpers/fixtures";
import { queueSms } from "./helpers/sms-outbox";

let t: TestDb;
let fake: Awaited<ReturnType<typeof startFakeMsg91>>;
useAppTestDb((db) => void (t = db));
beforeAll(async () => {
  process.env.MSG91_WEBHOOK_SECRET = "page-test-secret";
  fake = await startFakeMsg91();
});
afterAll(async () => {
  delete process.env.MSG91_WEBHOOK_SECRET;
  await fake.close();
});

test("the Messages list and the message's timeline show an SMS's DLT template, sender, segments and the operator's reason", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 10, note: "x" });
  const [q] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 2, vars: { code: "739104" } }]);
  await deliverDue(t.db, { email: outboxDriver, sms: createMsg91Driver({ authKey: fake.authKey, baseUrl: fake.url, requestsPerSecond: 1000 }) });
  const requestId = fake.accepted[0].requestId;
  const body = new URLSearchParams({ data: JSON.stringify([{ requestId, report: [{ number: "919876543210", status: 16, desc: "REJECTED", failedReason: "Template mismatch at operator" }] }]) });
  const res = await webhook(new Request("http://localhost:3000/api/webhooks/msg91/page-test-secret", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }), {
    params: Promise.resolve({ secret: "page-test-secret" }),
  });
  expect(res.status).toBe(200);

  const page = await listWorkspaceMessages(t.db, { workspaceId: ctx.workspace.id });
  const row = page.messages[0];
  expect(row.sms).toMatchObject({ dltTemplateId: "1207161234567890123", senderId: "ACMEIN", segments: 2 });
  expect(row.sms).not.toHaveProperty("vars"); // the sealed variables never leave the database for a list
  const html = renderToStaticMarkup(createElement(MessagesTable, { rows: page.messages, basePath: `/w/${ctx.workspace.slug}/messages` }));
  expect(html).toContain("ACMEIN · DLT 1207161234567890123 · 2 segments");
  expect(html).toContain("Sign-in code (SMS)");
  expect(html).toContain("Template mismatch at operator");
  expect(html).not.toContain("739104");

  const m = await getWorkspaceMessage(t.db, { workspaceId: ctx.workspace.id, id: q.id });
  expect(m).toMatchObject({ status: "failed", provider: "msg91", providerId: requestId, credits: 2 });
  const items = timelineOf(m!, await listMessageEvents(t.db, { workspaceId: ctx.workspace.id, messageId: q.id }));
  expect(items.map((i) => i.label)).toEqual(["Queued", "Handed to MSG91", "Rejected (DLT scrubbing)"]);
  expect(items[2].detail).toContain("Template mismatch at operator");
});

test("the dev outbox lists an SMS with its channel, DLT template id, sender and segment count", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 10, note: "x" });
  await queueSms(t.db, ctx.workspace.id, [{ to: "+919811122233", credits: 3, vars: { code: "551122" } }]);
  await deliverDue(t.db, { email: outboxDriver, sms: outboxDriver });
  const [m] = await listDevOutbox(t.db, { limit: 5, to: "+919811122233" });
  expect(m).toMatchObject({ channel: "sms", status: "sent", sms: { dltTemplateId: "1207161234567890123", senderId: "ACMEIN", segments: 3, encoding: "gsm7" } });
  expect(JSON.stringify(m.sms)).not.toContain("sealed:");
});

test("the timeline of an SMS delivered, then reported failed, says the late report changed nothing", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 10, note: "x" });
  const [q] = await queueSms(t.db, ctx.workspace.id, [{ to: "+919822233344" }]);
  fake.reset();
  await deliverDue(t.db, { email: outboxDriver, sms: createMsg91Driver({ authKey: fake.authKey, baseUrl: fake.url, requestsPerSecond: 1000 }) });
  const requestId = fake.accepted[0].requestId;
  const post = (status: number, date: string) =>
    webhook(
      new Request("http://localhost:3000/api/webhooks/msg91/page-test-secret", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ requestId, report: [{ number: "919822233344", status, date, failedReason: status === 2 ? "Stale operator report" : undefined }] }),
      }),
      { params: Promise.resolve({ secret: "page-test-secret" }) },
    );
  expect((await post(1, "2026-12-02 10:00:05")).status).toBe(200);
  expect((await post(2, "2026-12-02 10:00:01")).status).toBe(200);
  const m = await getWorkspaceMessage(t.db, { workspaceId: ctx.workspace.id, id: q.id });
  expect(m!.status).toBe("delivered");
  const items = timelineOf(m!, await listMessageEvents(t.db, { workspaceId: ctx.workspace.id, messageId: q.id }));
  const failed = items.find((i) => i.code === "sms.failed");
  expect(failed?.detail).toContain("Reported after the message was already delivered");
  expect(items.find((i) => i.code === "sms.delivered")?.detail).toBe("Delivered to the handset.");
});
