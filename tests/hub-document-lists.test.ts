// The counts and dates the documents lists show (review of issue 12): a folder's files and audiences for the team, a
// folder's visible files and its upload permission for the client, and when a client last opened a file. These
// subqueries sit in a single-table select, where drizzle writes a column without its table: `"id"` inside
// `from shared_files f` was f.id, so every folder read "0 files · not shared" and nothing was ever "opened".
import { expect, test } from "vitest";
import { contacts, portalUserTypes, portalUsers, sharedAudiences, sharedFileEvents, sharedFiles, sharedFolders } from "@/lib/db/schema";
import { listClientFolders, listContactDocuments, listFolders } from "@/lib/db/queries/hub-documents";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));

test("folders count their files and audiences; the client's folder shows its files and takes uploads; opens are dated", async () => {
  const { workspace } = await makeWorkspace(t.db);
  const w = workspace.id;
  const [type] = await t.db.insert(portalUserTypes).values({ workspaceId: w, name: "Clients", isDefault: true }).returning();
  const [c] = await t.db.insert(contacts).values({ workspaceId: w, firstName: "Asha", lastName: "Rao", email: `asha-${w.slice(0, 6)}@example.test` }).returning();
  const [pu] = await t.db.insert(portalUsers).values({ workspaceId: w, contactId: c.id, status: "joined" }).returning();
  const [folder, empty] = await t.db
    .insert(sharedFolders)
    .values([
      { workspaceId: w, name: "Welcome pack", clientUploads: true },
      { workspaceId: w, name: "Empty" },
    ])
    .returning();
  const file = (name: string) => ({ workspaceId: w, folderId: folder.id, name, contentType: "application/pdf", size: 10, sha256: "0".repeat(64), storageKey: `k/${name}` });
  const [a] = await t.db.insert(sharedFiles).values([file("a.pdf"), file("b.pdf")]).returning();
  await t.db.insert(sharedAudiences).values({ workspaceId: w, folderId: folder.id, userTypeId: type.id });
  const openedAt = new Date(Date.UTC(2026, 5, 1, 9));
  await t.db.insert(sharedFileEvents).values({ workspaceId: w, fileId: a.id, contactId: c.id, portalUserId: pu.id, kind: "view", createdAt: openedAt });

  const team = await listFolders(t.db, { workspaceId: w });
  expect(team.map((f) => [f.name, Number(f.files), Number(f.audiences)])).toEqual([
    ["Empty", 0, 0],
    ["Welcome pack", 2, 1],
  ]);
  expect(empty.id).toBeTruthy();

  const mine = await listClientFolders(t.db, { workspaceId: w, contactId: c.id });
  expect(mine).toEqual([{ id: folder.id, name: "Welcome pack", clientUploads: true, files: 2 }]);

  const docs = await listContactDocuments(t.db, { workspaceId: w, contactId: c.id, limit: 10 });
  expect(docs.total).toBe(2);
  expect(docs.rows.find((r) => r.id === a.id)?.lastOpened?.toISOString()).toBe(openedAt.toISOString());
});

test("a folder the client reaches through one shared file counts that file only, and takes no uploads from them", async () => {
  const { workspace } = await makeWorkspace(t.db);
  const w = workspace.id;
  const [c] = await t.db.insert(contacts).values({ workspaceId: w, firstName: "Ravi", lastName: "K", email: `ravi-${w.slice(0, 6)}@example.test` }).returning();
  await t.db.insert(portalUsers).values({ workspaceId: w, contactId: c.id, status: "joined" });
  const [mixed, theirs] = await t.db
    .insert(sharedFolders)
    .values([
      { workspaceId: w, name: "Mixed", clientUploads: true },
      { workspaceId: w, name: "Theirs" },
    ])
    .returning();
  const file = (name: string) => ({ workspaceId: w, folderId: mixed.id, name, contentType: "application/pdf", size: 10, sha256: "0".repeat(64), storageKey: `k/${name}` });
  const [one] = await t.db.insert(sharedFiles).values([file("one.pdf"), file("two.pdf"), file("three.pdf")]).returning();
  // One file of "Mixed" is shared with Ravi, and the whole of another folder (so he has a folder audience somewhere).
  await t.db.insert(sharedAudiences).values([
    { workspaceId: w, fileId: one.id, contactId: c.id },
    { workspaceId: w, folderId: theirs.id, contactId: c.id },
  ]);
  const mine = await listClientFolders(t.db, { workspaceId: w, contactId: c.id });
  expect(mine).toEqual([
    { id: mixed.id, name: "Mixed", clientUploads: false, files: 1 },
    { id: theirs.id, name: "Theirs", clientUploads: false, files: 0 },
  ]);
});
