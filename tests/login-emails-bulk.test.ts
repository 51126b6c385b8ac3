import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { contacts, deliveryBatches, emailProfiles, messages, portalUsers } from "@/lib/db/schema";
import { loginEmailBatchProgress } from "@/lib/db/queries/portal-users";
import { deliverDue } from "@/lib/jobs/deliver-outbox";
import { outboxDriver } from "@/lib/messaging/drivers";
import { createResendDriver } from "@/lib/messaging/email/resend";
import { sendLoginEmails } from "@/lib/portal/send-login-emails";
import { createTestDb, type TestDb } from "./helpers/db";
import { startFakeResend } from "./helpers/fake-resend";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
let resend: Awaited<ReturnType<typeof startFakeResend>>;
beforeAll(async () => {
  t = await createTestDb();
  resend = await startFakeResend();
});
afterAll(async () => {
  await resend.close();
  await t.close();
});

test("a login email to 10,000 people through a Resend that fails with 429, 500 and lost answers reaches each exactly once", { timeout: 300_000 }, async () => {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  await t.db.insert(emailProfiles).values({ workspaceId: w, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const N = 10_000;
  for (let i = 0; i < N; i += 2000) {
    const made = await t.db
      .insert(contacts)
      .values(Array.from({ length: 2000 }, (_, j) => ({ workspaceId: w, firstName: `C${i + j}`, email: `c${i + j}@example.test` })))
      .returning({ id: contacts.id });
    await t.db.insert(portalUsers).values(made.map((c) => ({ workspaceId: w, contactId: c.id })));
  }

  const r = await sendLoginEmails(ctx, { filter: { status: "invited" } });
  expect(r).toMatchObject({ queued: N, skipped: [] });
  expect(await loginEmailBatchProgress(t.db, { workspaceId: w, batchId: r.batchId })).toMatchObject({ total: N, pending: N, sent: 0 });

  // Every 7th call is rate-limited, every 11th a 500; every 13th is sent but answered with a 500 and every 17th sent
  // with the connection cut before the answer (the answer lost both ways).
  resend.chaos((n) =>
    n % 7 === 0 ? { status: 429, retryAfter: 1 } : n % 11 === 0 ? { status: 500 } : n % 13 === 0 ? "accept-then-500" : n % 17 === 0 ? "accept-then-drop" : null,
  );
  const drivers = { email: createResendDriver({ apiKey: "re_test", baseUrl: resend.url, from: "x@example.test", requestsPerSecond: 1000 }), sms: outboxDriver };
  for (let round = 0; round < 30; round++) {
    await deliverDue(t.db, drivers, { budgetMs: 60_000 });
    const p = await loginEmailBatchProgress(t.db, { workspaceId: w, batchId: r.batchId });
    if (p!.pending === 0) break;
    // Retries wait for their backoff; the test moves time forward instead of sleeping.
    await t.db.update(messages).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(messages.status, "queued"));
    await t.db.update(deliveryBatches).set({ nextAttemptAt: new Date(Date.now() - 1000) });
  }
  resend.chaos(null);

  const p = await loginEmailBatchProgress(t.db, { workspaceId: w, batchId: r.batchId });
  expect(p).toMatchObject({ total: N, pending: 0, sent: N, failed: 0 });
  const perRecipient = new Map<string, number>();
  for (const e of resend.delivered) perRecipient.set(e.to[0], (perRecipient.get(e.to[0]) ?? 0) + 1);
  expect(perRecipient.size).toBe(N);
  expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
  // Nobody's email ever went out under two keys: a retry repeats its request exactly.
  const keysOf = new Map<string, Set<string>>();
  for (const c of resend.calls) for (const e of ([] as { to: string[] }[]).concat(c.body as never)) keysOf.set(e.to[0], (keysOf.get(e.to[0]) ?? new Set()).add(c.idempotencyKey!));
  expect([...keysOf.values()].filter((k) => k.size !== 1)).toEqual([]);
  // The faults really happened: some calls were refused or lost and retried.
  expect(resend.calls.length).toBeGreaterThan(N / 100 + 10);
  expect(resend.calls.every((c) => c.path === "/emails/batch" ? (c.body as unknown[]).length <= 100 : true)).toBe(true);
  const [{ retried }] = await t.db
    .select({ retried: sql<number>`count(*) filter (where attempts > 1)`.mapWith(Number) })
    .from(messages)
    .where(eq(messages.batchId, r.batchId));
  expect(retried).toBeGreaterThan(0);
});
