// The hub's ground rules that live in the database and the shared access rule: who sees a shared file (a type's new
// members included, another client never), notices that collect instead of multiplying, and a signed contract that
// the database refuses to change.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { contacts, contractFields, contracts, contractSigners, hubNotices, portalUsers, portalUserTypes, sharedAudiences, sharedFiles, sharedFolders } from "@/lib/db/schema";
import { visibleSharedFile } from "@/lib/db/queries/shared-file-access";
import { queueHubNotice } from "@/lib/hub-notices/queue-hub-notice";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
let ctx: AdminCtx;
let other: AdminCtx;
useAppTestDb((x) => void (t = x));

async function client(c: AdminCtx, typeId: string | null, first = "Asha") {
  const [contact] = await t.db.insert(contacts).values({ workspaceId: c.workspace.id, firstName: first, lastName: "K", email: `${randomUUID().slice(0, 8)}@example.test` }).returning();
  await t.db.insert(portalUsers).values({ workspaceId: c.workspace.id, contactId: contact.id, userTypeId: typeId });
  return contact.id;
}

async function teamFile(c: AdminCtx, folderId: string | null = null) {
  const [f] = await t.db
    .insert(sharedFiles)
    .values({ workspaceId: c.workspace.id, folderId, name: "terms.pdf", contentType: "application/pdf", size: 10, sha256: "x", storageKey: `k/${randomUUID()}` })
    .returning();
  return f.id;
}

let typeA: string;
let typeB: string;
beforeAll(async () => {
  ctx = await makeWorkspace(t.db);
  other = await makeWorkspace(t.db);
  [{ id: typeA }] = await t.db.insert(portalUserTypes).values({ workspaceId: ctx.workspace.id, name: "Client", isDefault: true }).returning();
  [{ id: typeB }] = await t.db.insert(portalUserTypes).values({ workspaceId: ctx.workspace.id, name: "Partner" }).returning();
});

describe("who sees a shared file", () => {
  test("a file shared with one client is that client's only, and never another workspace's", async () => {
    const asha = await client(ctx, typeA);
    const ravi = await client(ctx, typeA, "Ravi");
    const fileId = await teamFile(ctx);
    await t.db.insert(sharedAudiences).values({ workspaceId: ctx.workspace.id, fileId, contactId: asha });
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: asha, fileId })).not.toBeNull();
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: ravi, fileId })).toBeNull();
    expect(await visibleSharedFile(t.db, { workspaceId: other.workspace.id, contactId: asha, fileId })).toBeNull();
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: asha, fileId: "not-a-uuid" })).toBeNull();
  });

  test("sharing a folder with a user type reaches members who join later, users without a type count as the default type, other types never", async () => {
    const [folder] = await t.db.insert(sharedFolders).values({ workspaceId: ctx.workspace.id, name: `F ${randomUUID()}` }).returning();
    await t.db.insert(sharedAudiences).values({ workspaceId: ctx.workspace.id, folderId: folder.id, userTypeId: typeA });
    const fileId = await teamFile(ctx, folder.id);
    const later = await client(ctx, typeA, "Later");
    const untyped = await client(ctx, null, "Untyped");
    const partner = await client(ctx, typeB, "Partner");
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: later, fileId })).not.toBeNull();
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: untyped, fileId })).not.toBeNull();
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: partner, fileId })).toBeNull();
    // Revoked access sees nothing, and a removed file is gone for everyone.
    await t.db.update(portalUsers).set({ status: "revoked" }).where(eq(portalUsers.contactId, later));
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: later, fileId })).toBeNull();
    await t.db.update(sharedFiles).set({ deletedAt: new Date() }).where(eq(sharedFiles.id, fileId));
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: untyped, fileId })).toBeNull();
  });

  test("a client's upload into a folder shared with a type is seen by the uploader only", async () => {
    const [folder] = await t.db.insert(sharedFolders).values({ workspaceId: ctx.workspace.id, name: `U ${randomUUID()}`, clientUploads: true }).returning();
    await t.db.insert(sharedAudiences).values({ workspaceId: ctx.workspace.id, folderId: folder.id, userTypeId: typeA });
    const uploader = await client(ctx, typeA, "Up");
    const peer = await client(ctx, typeA, "Peer");
    const [f] = await t.db
      .insert(sharedFiles)
      .values({ workspaceId: ctx.workspace.id, folderId: folder.id, name: "pan.jpg", contentType: "image/jpeg", size: 1, sha256: "y", storageKey: `k/${randomUUID()}`, uploadedByContactId: uploader })
      .returning();
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: uploader, fileId: f.id })).not.toBeNull();
    expect(await visibleSharedFile(t.db, { workspaceId: ctx.workspace.id, contactId: peer, fileId: f.id })).toBeNull();
  });
});

describe("notices collect", () => {
  test("twelve shared files before the notice is due make one pending notice counting twelve, naming five", async () => {
    const asha = await client(ctx, typeA);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.db.transaction((tx) => queueHubNotice(tx, { workspaceId: ctx.workspace.id, to: { contactId: asha }, kind: "documents", item: { id: `f${i}`, label: `File ${i}.pdf` } })),
      ),
    );
    const rows = await t.db.select().from(hubNotices).where(eq(hubNotices.contactId, asha));
    expect(rows).toHaveLength(1);
    expect(rows[0].itemCount).toBe(12);
    expect(rows[0].items).toHaveLength(5);
    // Once sent, the next activity starts a new notice.
    await t.db.update(hubNotices).set({ sentAt: new Date() }).where(eq(hubNotices.id, rows[0].id));
    await queueHubNotice(t.db, { workspaceId: ctx.workspace.id, to: { contactId: asha }, kind: "documents", item: { id: "n", label: "New.pdf" } });
    await queueHubNotice(t.db, { workspaceId: ctx.workspace.id, to: { contactId: asha }, kind: "messages", item: { id: "m", label: "Hello" } });
    const pending = await t.db.select().from(hubNotices).where(and(eq(hubNotices.contactId, asha), sql`${hubNotices.sentAt} is null`));
    expect(pending.map((r) => r.kind).sort()).toEqual(["documents", "messages"]);
  });
});

describe("a signed contract cannot change", () => {
  test("the database refuses updates to a completed contract, a signed signer and a filled field", async () => {
    const asha = await client(ctx, typeA);
    const [c] = await t.db
      .insert(contracts)
      .values({ workspaceId: ctx.workspace.id, title: "NDA", originalName: "nda.pdf", originalStorageKey: `c/${randomUUID()}`, originalSha256: "a", originalSize: 1, pages: [{ width: 612, height: 792 }], status: "sent" })
      .returning();
    const [s] = await t.db.insert(contractSigners).values({ workspaceId: ctx.workspace.id, contractId: c.id, contactId: asha, name: "Asha K", status: "pending" }).returning();
    const [f] = await t.db.insert(contractFields).values({ workspaceId: ctx.workspace.id, contractId: c.id, signerId: s.id, kind: "signature", page: 0, x: 0.1, y: 0.8, width: 0.3, height: 0.05 }).returning();
    await t.db.update(contractFields).set({ value: "Asha K" }).where(eq(contractFields.id, f.id));
    await t.db.update(contractSigners).set({ status: "signed", signedAt: new Date() }).where(eq(contractSigners.id, s.id));
    await t.db.update(contracts).set({ status: "completed", signedSha256: "b", signedStorageKey: `c/${randomUUID()}` }).where(eq(contracts.id, c.id));
    await expect(t.db.update(contracts).set({ signedSha256: "tampered" }).where(eq(contracts.id, c.id))).rejects.toThrow();
    await expect(t.db.update(contractSigners).set({ signatureText: "Someone else" }).where(eq(contractSigners.id, s.id))).rejects.toThrow();
    await expect(t.db.update(contractFields).set({ value: "changed" }).where(eq(contractFields.id, f.id))).rejects.toThrow();
    const [after] = await t.db.select({ sha: contracts.signedSha256 }).from(contracts).where(eq(contracts.id, c.id));
    expect(after.sha).toBe("b");
  });
});
