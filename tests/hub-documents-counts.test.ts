// The team's counts on the Documents page and the contact page's "last opened", read from a real database. A
// correlated subquery in a one-table select once compared with a bare "id" (drizzle's rendering of a column there),
// so every folder read "0 files · not shared" and no file was ever "opened", whatever the rows said.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { contacts, portalUserTypes, portalUsers, sharedAudiences, sharedFileEvents, sharedFiles, sharedFolders } from "@/lib/db/schema";
import { listContactDocuments, listFolders } from "@/lib/db/queries/hub-documents";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));

async function world() {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  const [type] = await t.db.insert(portalUserTypes).values({ workspaceId: w, name: "Clients", isDefault: true }).returning();
  const [c] = await t.db.insert(contacts).values({ workspaceId: w, firstName: "Asha", lastName: "Rao", email: `asha-${w.slice(0, 6)}@example.test` }).returning();
  await t.db.insert(portalUsers).values({ workspaceId: w, contactId: c.id, userTypeId: type.id, status: "joined" });
  const file = async (folderId: string | null, o: { deleted?: boolean } = {}) => {
    const [f] = await t.db
      .insert(sharedFiles)
      .values({ workspaceId: w, folderId, name: `f-${randomUUID().slice(0, 6)}.pdf`, contentType: "application/pdf", size: 10, sha256: "0".repeat(64), storageKey: `k/${randomUUID()}`, uploadedByUserId: ctx.user.id, deletedAt: o.deleted ? new Date() : null })
      .returning();
    return f;
  };
  return { ctx, w, type, contactId: c.id, file };
}

describe("team counts", () => {
  test("a folder shows its live files and its audiences; an empty unshared one shows none", async () => {
    const { w, type, contactId, file } = await world();
    const [shared] = await t.db.insert(sharedFolders).values({ workspaceId: w, name: "Welcome pack" }).returning();
    const [empty] = await t.db.insert(sharedFolders).values({ workspaceId: w, name: "Zeta" }).returning();
    await file(shared.id);
    await file(shared.id);
    await file(shared.id, { deleted: true });
    await t.db.insert(sharedAudiences).values([
      { workspaceId: w, folderId: shared.id, userTypeId: type.id },
      { workspaceId: w, folderId: shared.id, contactId },
    ]);
    const rows = await listFolders(t.db, { workspaceId: w });
    expect(rows.map((r) => ({ name: r.name, files: Number(r.files), audiences: Number(r.audiences) }))).toEqual([
      { name: "Welcome pack", files: 2, audiences: 2 },
      { name: "Zeta", files: 0, audiences: 0 },
    ]);
    expect(rows.find((r) => r.id === empty.id)).toBeDefined();
  });

  test("the contact page says when the client last opened each file, and never for one they did not open", async () => {
    const { w, contactId, file } = await world();
    const opened = await file(null);
    const unopened = await file(null);
    await t.db.insert(sharedAudiences).values([
      { workspaceId: w, fileId: opened.id, contactId },
      { workspaceId: w, fileId: unopened.id, contactId },
    ]);
    const at = new Date("2026-11-02T10:00:00Z");
    await t.db.insert(sharedFileEvents).values([
      { workspaceId: w, fileId: opened.id, contactId, kind: "view", createdAt: new Date("2026-11-01T09:00:00Z") },
      { workspaceId: w, fileId: opened.id, contactId, kind: "download", createdAt: at },
    ]);
    const { rows, total } = await listContactDocuments(t.db, { workspaceId: w, contactId, limit: 10 });
    expect(total).toBe(2);
    expect(rows.find((r) => r.id === opened.id)?.lastOpened?.toISOString()).toBe(at.toISOString());
    expect(rows.find((r) => r.id === unopened.id)?.lastOpened).toBeNull();
  });
});
