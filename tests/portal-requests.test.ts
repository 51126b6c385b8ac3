// The client's side of a request: what the portal lists and shows to whom, and draft answers saved as the client
// types, through the real route handlers against a real database.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { POST as answersPost } from "@/app/api/portal/requests/[id]/answers/route";
import { documents, opportunities, requestAnswers, requestResponses, requests, type RequestItemKind } from "@/lib/db/schema";
import { answerValueText, listViewerRequests, viewerRequestPage } from "@/lib/db/queries/portal-requests";
import { markRequestOpened } from "@/lib/request-answers/mark-request-opened";
import { checkAnswer, normaliseNumber } from "@/lib/request-answers/answer-rules";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";
import { requestTestKit } from "./helpers/request-world";

let t: TestDb;
useAppTestDb((db) => void (t = db));

const { world, sessionFor, call, params } = requestTestKit(() => t.db);
type ItemSpec = { kind: RequestItemKind; label: string; required?: boolean; options?: string[] };

const QUESTIONS: ItemSpec[] = [
  { kind: "short_text", label: "Full name" },
  { kind: "long_text", label: "Employment history", required: false },
  { kind: "date", label: "Date of birth" },
  { kind: "number", label: "Monthly income" },
  { kind: "single_choice", label: "Employment type", options: ["Salaried", "Self-employed"] },
  { kind: "multiple_choice", label: "Loans held", options: ["Home", "Car", "Personal"], required: false },
  { kind: "document", label: "PAN card" },
];

async function answersOf(requestId: string, contactId: string) {
  // Read as JSON text: drizzle's jsonb reader would turn the stored string "125000.50" into a number.
  const rows = await t.db.select({ itemId: requestAnswers.itemId, value: answerValueText }).from(requestAnswers).where(and(eq(requestAnswers.requestId, requestId), eq(requestAnswers.contactId, contactId)));
  return Object.fromEntries(rows.map((r) => [r.itemId, r.value === null ? null : JSON.parse(r.value)]));
}

test("home lists only the viewer's opportunities' requests, never drafts; closed ones only once submitted", async () => {
  const w = await world();
  const open = await w.makeRequest(w.oppA.id, QUESTIONS, { title: "Open A", dueAt: new Date(Date.now() + 3 * 86_400_000) });
  await w.makeRequest(w.oppA.id, QUESTIONS, { title: "Draft A", status: "draft" });
  const closedSubmitted = await w.makeRequest(w.oppA.id, QUESTIONS, { title: "Closed, submitted" });
  await w.makeRequest(w.oppA.id, QUESTIONS, { title: "Closed, not submitted", status: "closed" });
  await w.makeRequest(w.oppB.id, QUESTIONS, { title: "Carol's" });
  await t.db.insert(requestResponses).values({ workspaceId: w.workspaceId, requestId: closedSubmitted.id, contactId: w.alice.contactId, submittedAt: new Date() });
  await t.db.update(requests).set({ status: "closed" }).where(eq(requests.id, closedSubmitted.id));

  const alice = await listViewerRequests(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
  expect(alice.rows.map((r) => r.title).sort()).toEqual(["Closed, submitted", "Open A"]);
  expect(alice.rows.find((r) => r.id === open.id)?.progress).toEqual({ total: 7, done: 0, needsAttention: 0 });
  const carol = await listViewerRequests(t.db, { workspaceId: w.workspaceId, contactId: w.carol.contactId });
  expect(carol.rows.map((r) => r.title)).toEqual(["Carol's"]);
  // Another workspace's contact id sees nothing of this one.
  const other = await makeWorkspace(t.db);
  expect((await listViewerRequests(t.db, { workspaceId: other.workspace.id, contactId: w.alice.contactId })).rows).toEqual([]);
});

test("home list pages by keyset without repeats; progress counts answers, good uploads and rejected ones", async () => {
  const w = await world();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await w.makeRequest(w.oppA.id, QUESTIONS, { title: `R${i}` })).id);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listViewerRequests>> = await listViewerRequests(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, cursor, limit: 2 });
    seen.push(...page.rows.map((r) => r.id));
    cursor = page.older;
  } while (cursor);
  expect(seen.sort()).toEqual([...ids].sort());

  const r = await w.makeRequest(w.oppA.id, [{ kind: "short_text", label: "Name" }, { kind: "document", label: "PAN" }, { kind: "document", label: "Aadhaar" }], { title: "Progress" });
  await t.db.insert(requestAnswers).values({ workspaceId: w.workspaceId, requestId: r.id, itemId: r.items.Name, contactId: w.alice.contactId, value: "Alice" });
  const doc = (itemId: string, reviewStatus: "pending" | "rejected", contactId = w.alice.contactId) => ({
    workspaceId: w.workspaceId, contactId, requestId: r.id, requestItemId: itemId, name: "x.pdf", contentType: "application/pdf", size: 10, sha256: "0", storageKey: `k/${randomUUID()}`, reviewStatus,
  });
  await t.db.insert(documents).values([doc(r.items.PAN, "pending"), doc(r.items.Aadhaar, "rejected"), doc(r.items.Aadhaar, "pending", w.bob.contactId)]);
  const page = await listViewerRequests(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
  expect(page.rows.find((x) => x.id === r.id)?.progress).toEqual({ total: 3, done: 2, needsAttention: 1 });
});

test("the request page shows only the viewer's own answers and documents; a guessed id of another opportunity is null", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, QUESTIONS);
  const carolsReq = await w.makeRequest(w.oppB.id, QUESTIONS);
  await t.db.insert(requestAnswers).values([
    { workspaceId: w.workspaceId, requestId: r.id, itemId: r.items["Full name"], contactId: w.alice.contactId, value: "Alice A" },
    { workspaceId: w.workspaceId, requestId: r.id, itemId: r.items["Full name"], contactId: w.bob.contactId, value: "Bob's secret" },
  ]);
  await t.db.insert(documents).values({ workspaceId: w.workspaceId, contactId: w.bob.contactId, requestId: r.id, requestItemId: r.items["PAN card"], name: "bob-pan.pdf", contentType: "application/pdf", size: 1, sha256: "0", storageKey: `k/${randomUUID()}` });
  const page = await viewerRequestPage(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: r.id });
  expect(page!.items.map((i) => i.label)).toEqual(QUESTIONS.map((q) => q.label));
  expect(page!.answers).toEqual({ [r.items["Full name"]]: "Alice A" });
  expect(page!.documents).toEqual([]);
  expect(JSON.stringify(page)).not.toContain("Bob's secret");
  expect(await viewerRequestPage(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: carolsReq.id })).toBeNull();
  expect(await viewerRequestPage(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: "not-a-uuid" })).toBeNull();
  const draft = await w.makeRequest(w.oppA.id, QUESTIONS, { status: "draft" });
  expect(await viewerRequestPage(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: draft.id })).toBeNull();

  // Opening stamps opened_at once; a second open keeps the first time.
  const first = new Date("2030-01-01T10:00:00Z");
  await markRequestOpened(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: r.id, now: first });
  await markRequestOpened(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: r.id, now: new Date("2030-01-02T10:00:00Z") });
  const [resp] = await t.db.select().from(requestResponses).where(and(eq(requestResponses.requestId, r.id), eq(requestResponses.contactId, w.alice.contactId)));
  expect(resp.openedAt?.toISOString()).toBe(first.toISOString());
});

test("saving drafts: every kind is stored normalised, and a re-save overwrites", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, QUESTIONS);
  const cookie = await sessionFor(w.site, w.alice);
  const res = await answersPost(
    call(w.site, `/api/portal/requests/${r.id}/answers`, {
      answers: {
        [r.items["Full name"]]: "  Alice Example  ",
        [r.items["Employment history"]]: "Line one\nLine two",
        [r.items["Date of birth"]]: "1990-02-28",
        [r.items["Monthly income"]]: "1,25,000.50",
        [r.items["Employment type"]]: "Salaried",
        [r.items["Loans held"]]: ["Personal", "Home", "Home"],
      },
    }, { cookie }),
    params(r.id),
  );
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body.ok).toBe(true);
  expect(body.saved).toBe(6);
  expect(await answersOf(r.id, w.alice.contactId)).toEqual({
    [r.items["Full name"]]: "Alice Example",
    [r.items["Employment history"]]: "Line one\nLine two",
    [r.items["Date of birth"]]: "1990-02-28",
    [r.items["Monthly income"]]: "125000.50",
    [r.items["Employment type"]]: "Salaried",
    [r.items["Loans held"]]: ["Home", "Personal"],
  });
  const again = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items["Full name"]]: "Alice B", [r.items["Employment type"]]: "" } }, { cookie }), params(r.id));
  expect(again.status).toBe(200);
  const after = await answersOf(r.id, w.alice.contactId);
  expect(after[r.items["Full name"]]).toBe("Alice B");
  expect(after[r.items["Employment type"]]).toBeNull();
  // The response row is marked opened by the save.
  const [resp] = await t.db.select().from(requestResponses).where(and(eq(requestResponses.requestId, r.id), eq(requestResponses.contactId, w.alice.contactId)));
  expect(resp.openedAt).not.toBeNull();
  expect(resp.submittedAt).toBeNull();
});

test("a bad value is a per-item error and nothing of the batch is saved", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, QUESTIONS);
  const other = await w.makeRequest(w.oppA.id, QUESTIONS);
  const cookie = await sessionFor(w.site, w.alice);
  const good = { [r.items["Full name"]]: "Alice" };
  const cases: [string, unknown][] = [
    [r.items["Date of birth"], "2026-02-30"],
    [r.items["Date of birth"], "31/12/1990"],
    [r.items["Monthly income"], "12abc"],
    [r.items["Monthly income"], "1e3"],
    [r.items["Monthly income"], "9999999999999999"],
    [r.items["Employment type"], "Unemployed"],
    [r.items["Loans held"], ["Home", "Boat"]],
    [r.items["Full name"] + "", "a\u0000b"],
    [r.items["Employment history"], "x".repeat(10_001)],
    [r.items["Full name"], "y".repeat(501)],
    [randomUUID(), "unknown item"],
    [other.items["Full name"], "item of another request"],
    [r.items["PAN card"], "a document item"],
  ];
  for (const [itemId, value] of cases) {
    const answers = itemId === r.items["Full name"] ? { [itemId]: value } : { ...good, [itemId]: value };
    const res = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers }, { cookie }), params(r.id));
    expect(res.status, JSON.stringify(value).slice(0, 40)).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe(typeof value === "string" && value.includes("\u0000") ? "TEXT_UNSTORABLE" : "ANSWERS_INVALID");
    expect(Object.keys(body.error.items)).toEqual([itemId]);
    expect(body.error.items[itemId].length).toBeGreaterThan(10);
  }
  expect(await answersOf(r.id, w.alice.contactId)).toEqual({});
  expect(await answersOf(other.id, w.alice.contactId)).toEqual({});

  // The plain form gets a 303 back naming the bad item; nothing saved either.
  const form = await answersPost(
    call(w.site, `/api/portal/requests/${r.id}/answers`, [["items", r.items["Full name"]], [`a.${r.items["Full name"]}`, "Alice"], ["items", r.items["Date of birth"]], [`a.${r.items["Date of birth"]}`, "2026-02-30"]], { cookie, json: false }),
    params(r.id),
  );
  expect(form.status).toBe(303);
  expect(form.headers.get("location")).toBe(`/requests/${r.id}?error=ANSWERS_INVALID&bad=${r.items["Date of birth"]}#answers`);
  expect(await answersOf(r.id, w.alice.contactId)).toEqual({});

  // Malformed bodies: not JSON, answers not an object.
  for (const raw of ["{", JSON.stringify({ answers: [1, 2] }), JSON.stringify([])]) {
    const req = call(w.site, `/api/portal/requests/${r.id}/answers`, {}, { cookie });
    const res = await answersPost(new Request(req.url, { method: "POST", headers: req.headers, body: raw }), params(r.id));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("REQUEST_MALFORMED");
  }
});

test("the plain form (no JavaScript) saves every field, unticked boxes as an empty list, and 303s back with Saved", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, QUESTIONS);
  const cookie = await sessionFor(w.site, w.alice);
  await t.db.insert(requestAnswers).values({ workspaceId: w.workspaceId, requestId: r.id, itemId: r.items["Loans held"], contactId: w.alice.contactId, value: ["Car"] });
  const res = await answersPost(
    call(w.site, `/api/portal/requests/${r.id}/answers`, [
      ["items", r.items["Full name"]], [`a.${r.items["Full name"]}`, "Alice"],
      ["items", r.items["Loans held"]], [`m.${r.items["Loans held"]}`, "1"],
    ], { cookie, json: false }),
    params(r.id),
  );
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe(`/requests/${r.id}?saved=1#answers`);
  expect(await answersOf(r.id, w.alice.contactId)).toEqual({ [r.items["Full name"]]: "Alice", [r.items["Loans held"]]: [] });
});

test("another opportunity's request id, a draft, or a closed request: nothing is saved", async () => {
  const w = await world();
  const carols = await w.makeRequest(w.oppB.id, QUESTIONS);
  const cookie = await sessionFor(w.site, w.alice);
  const res = await answersPost(call(w.site, `/api/portal/requests/${carols.id}/answers`, { answers: { [carols.items["Full name"]]: "intruder" } }, { cookie }), params(carols.id));
  expect(res.status).toBe(404);
  expect((await res.json()).error.code).toBe("NOT_FOUND");
  const nonsense = await answersPost(call(w.site, `/api/portal/requests/xyz/answers`, { answers: {} }, { cookie }), params("xyz"));
  expect(nonsense.status).toBe(404);
  const draft = await w.makeRequest(w.oppA.id, QUESTIONS, { status: "draft" });
  expect((await answersPost(call(w.site, `/api/portal/requests/${draft.id}/answers`, { answers: { [draft.items["Full name"]]: "x" } }, { cookie }), params(draft.id))).status).toBe(404);
  const closed = await w.makeRequest(w.oppA.id, QUESTIONS, { status: "closed" });
  const c = await answersPost(call(w.site, `/api/portal/requests/${closed.id}/answers`, { answers: { [closed.items["Full name"]]: "x" } }, { cookie }), params(closed.id));
  expect(c.status).toBe(409);
  expect((await c.json()).error.code).toBe("REQUEST_NOT_OPEN");
  // A session of another workspace (or host) is nobody here.
  const otherHost = await answersPost(call({ ...w.site, host: "evil.localhost:3000" }, `/api/portal/requests/${carols.id}/answers`, { answers: {} }, { cookie }), params(carols.id));
  expect(otherHost.status).toBe(401);
  expect(await t.db.select().from(requestAnswers).where(eq(requestAnswers.contactId, w.alice.contactId))).toEqual([]);
  expect(await t.db.select().from(requestAnswers).where(eq(requestAnswers.requestId, carols.id))).toEqual([]);
});

test("no session or a one-factor session is refused (401 for the autosave, back to the page for the form); cross-site is refused", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, QUESTIONS);
  const body = { answers: { [r.items["Full name"]]: "x" } };
  const none = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, body), params(r.id));
  expect(none.status).toBe(401);
  const oneFactor = await sessionFor(w.site, w.alice, { twoFactor: false });
  const one = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, body, { cookie: oneFactor }), params(r.id));
  expect(one.status).toBe(401);
  expect((await one.json()).error.code).toBe("UNAUTHENTICATED");
  const form = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, [["items", r.items["Full name"]], [`a.${r.items["Full name"]}`, "x"]], { cookie: oneFactor, json: false }), params(r.id));
  expect(form.status).toBe(303);
  expect(form.headers.get("location")).toBe(`/requests/${r.id}`);
  const twoFactor = await sessionFor(w.site, w.alice);
  const cross = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, body, { cookie: twoFactor, origin: "https://evil.example" }), params(r.id));
  expect(cross.status).toBe(403);
  expect(await answersOf(r.id, w.alice.contactId)).toEqual({});
});

test("drafts survive re-authentication: the session goes idle, a new two-factor session of the same client finds them", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, QUESTIONS);
  // A session started 14 minutes ago: alive now, idle in a minute (two-factor idle limit: 15 minutes).
  const cookie = await sessionFor(w.site, w.alice, { now: new Date(Date.now() - 14 * 60_000) });
  const saved = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items["Full name"]]: "Typed before idle" } }, { cookie }), params(r.id));
  expect(saved.status).toBe(200);
  // That save was activity; an old session whose idle time has passed is refused and saves nothing.
  const idle = await sessionFor(w.site, w.alice, { now: new Date(Date.now() - 16 * 60_000) });
  const late = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items["Full name"]]: "lost?" } }, { cookie: idle }), params(r.id));
  expect(late.status).toBe(401);
  const fresh = await sessionFor(w.site, w.alice);
  expect(fresh).not.toBe(cookie);
  const page = await viewerRequestPage(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: r.id });
  expect(page!.answers[r.items["Full name"]]).toBe("Typed before idle");
  const more = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items["Date of birth"]]: "1990-01-01" } }, { cookie: fresh }), params(r.id));
  expect(more.status).toBe(200);
  expect(Object.keys(await answersOf(r.id, w.alice.contactId))).toHaveLength(2);
});

test("text answers that look like JSON (\"123\", \"true\", \"null\") come back as the text typed", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, [{ kind: "short_text", label: "A" }, { kind: "short_text", label: "B" }, { kind: "short_text", label: "C" }, { kind: "number", label: "N" }]);
  const cookie = await sessionFor(w.site, w.alice);
  const res = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items.A]: "123", [r.items.B]: "true", [r.items.C]: "null", [r.items.N]: "007" } }, { cookie }), params(r.id));
  expect(res.status).toBe(200);
  const page = await viewerRequestPage(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: r.id });
  expect(page!.answers).toEqual({ [r.items.A]: "123", [r.items.B]: "true", [r.items.C]: "null", [r.items.N]: "007" });
  const list = await listViewerRequests(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId });
  expect(list.rows.find((x) => x.id === r.id)?.progress).toEqual({ total: 4, done: 4, needsAttention: 0 });
});

test("answer rules: dates on the calendar, numbers as typed in India, choices among options", () => {
  const q = (kind: RequestItemKind, options: string[] | null = null) => ({ id: "x", kind, options });
  expect(checkAnswer(q("date"), "2024-02-29")).toEqual({ ok: true, value: "2024-02-29" });
  expect(checkAnswer(q("date"), "2023-02-29").ok).toBe(false);
  expect(checkAnswer(q("date"), "2026-13-01").ok).toBe(false);
  expect(normaliseNumber("-1,000.5")).toBe("-1000.5");
  expect(normaliseNumber("1000000000000000")).toBe("1000000000000000");
  for (const bad of ["12abc", "1e3", "0x10", "1.2.3", "--1", " ", "Infinity", "1 000", ",100", "1,.5"]) expect(normaliseNumber(bad), bad).toBeNull();
  expect(checkAnswer(q("single_choice", ["A", "B"]), "a").ok).toBe(false);
  expect(checkAnswer(q("multiple_choice", ["A", "B"]), "B")).toEqual({ ok: true, value: ["B"] });
  expect(checkAnswer(q("short_text"), { evil: true }).ok).toBe(false);
  expect(checkAnswer(q("long_text"), "tab\tand\r\nnewline")).toEqual({ ok: true, value: "tab\tand\r\nnewline" });
  expect(checkAnswer(q("short_text"), "bell\u0007").ok).toBe(false);
});
