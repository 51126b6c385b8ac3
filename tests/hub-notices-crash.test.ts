// A worker process killed (SIGKILL, process group and all) after it claimed due notices and wrote their outbox rows,
// before its commit: nothing of it stays, and the next run sends each notice once. Separate processes need a
// Postgres server (PGlite is one process), so on PGlite this is skipped; tests/hub-notices.test.ts covers the
// same with a throw inside the transaction.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { contacts, emailProfiles, hubNotices, messages, portalUsers, portalUserTypes, sharedAudiences, sharedFiles } from "@/lib/db/schema";
import { queueHubNotice } from "@/lib/hub-notices/queue-hub-notice";
import { sendDueNotices } from "@/lib/hub-notices/send-due-notices";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

const postgres = !!process.env.TEST_DATABASE_URL;
let t: TestDb;
let child: ChildProcess | undefined;
beforeAll(async () => {
  if (postgres) t = await createTestDb();
});
afterAll(async () => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  await t?.close();
});

// The child claims, writes the outbox rows, says so, then hangs before committing until it is killed.
const CHILD = `
// tsx loads the app's modules as CommonJS here: their exports arrive on the default export.
const pick = (m) => m.default ?? m;
const { openDatabase } = pick(await import("@/lib/db/client"));
const { sendDueNotices } = pick(await import("@/lib/hub-notices/send-due-notices"));
const h = openDatabase({ url: process.env.DATABASE_URL });
await sendDueNotices(h.db, { now: new Date(Date.now() + 3600000), beforeCommit: async (claimed) => {
  console.log("claimed " + claimed.length);
  await new Promise(() => {});
} });
`;

test.skipIf(!postgres)("a worker killed between claim and commit leaves nothing, and the rerun sends each notice once", async () => {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  await t.db.insert(emailProfiles).values({ workspaceId: w, fromName: "Acme", fromAddress: "hello@acme.test", isDefault: true });
  const [type] = await t.db.insert(portalUserTypes).values({ workspaceId: w, name: "Client", invitationPreference: "email", signInMethod: "email_link", isDefault: true }).returning();
  const emails: string[] = [];
  for (let i = 0; i < 3; i++) {
    const [c] = await t.db.insert(contacts).values({ workspaceId: w, firstName: `C${i}`, email: `c${i}-${randomUUID().slice(0, 6)}@example.test` }).returning();
    await t.db.insert(portalUsers).values({ workspaceId: w, contactId: c.id, userTypeId: type.id, status: "joined" });
    const [f] = await t.db.insert(sharedFiles).values({ workspaceId: w, name: `F${i}.pdf`, contentType: "application/pdf", size: 1, sha256: "a".repeat(64), storageKey: `ws/${randomUUID()}` }).returning();
    await t.db.insert(sharedAudiences).values({ workspaceId: w, fileId: f.id, contactId: c.id });
    await t.db.transaction((tx) => queueHubNotice(tx, { workspaceId: w, to: { contactId: c.id }, kind: "documents", item: { id: f.id, label: f.name } }));
    emails.push(c.email!);
  }

  child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", CHILD], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, DATABASE_URL: t.url },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const claimed = new Promise<void>((resolve, reject) => {
    child!.stdout!.on("data", (d) => {
      log += d;
      if (log.includes("claimed 3")) resolve();
    });
    child!.stderr!.on("data", (d) => (log += d));
    child!.on("exit", () => reject(new Error(`child exited before claiming:\n${log}`)));
  });
  await claimed;
  // Claimed and written, not committed: other workers skip the locked rows, and nothing is visible yet.
  expect(await sendDueNotices(t.db, { now: new Date(Date.now() + 3_600_000) })).toMatchObject({ sent: 0 });
  process.kill(-child.pid!, "SIGKILL");

  // Once Postgres notices the dead connection its transaction is gone and the rows are free again.
  let sent = 0;
  for (let i = 0; i < 100 && sent < 3; i++) {
    sent += (await sendDueNotices(t.db, { now: new Date(Date.now() + 3_600_000) })).sent;
    if (sent < 3) await new Promise((r) => setTimeout(r, 100));
  }
  expect(sent).toBe(3);
  const rows = await t.db.select({ to: messages.to }).from(messages).where(eq(messages.workspaceId, w));
  expect(rows.map((r) => r.to).sort()).toEqual(emails.sort());
  const notices = await t.db.select().from(hubNotices).where(eq(hubNotices.workspaceId, w));
  expect(notices.every((n) => n.sentAt && n.messageId)).toBe(true);
}, 60_000);
