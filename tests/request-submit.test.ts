// Submitting a request and the reminder emails: completeness gate, exactly-once under a double click, read-only
// afterwards, and reminders once per window, against a real database.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { expect, test } from "vitest";
import { POST as answersPost } from "@/app/api/portal/requests/[id]/answers/route";
import { POST as submitPost } from "@/app/api/portal/requests/[id]/submit/route";
import { documents, memberships, messages, opportunities, requestResponses, requests, type RequestItemKind } from "@/lib/db/schema";
import { openMessage } from "@/lib/messaging/sealed-body";
import { reminderWindow, sendRequestReminders } from "@/lib/request-answers/send-request-reminders";
import { submitRequest } from "@/lib/request-answers/submit-request";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { addMember } from "./helpers/fixtures";
import { requestTestKit } from "./helpers/request-world";

let t: TestDb;
useAppTestDb((db) => void (t = db));

const { world, sessionFor, call, params } = requestTestKit(() => t.db);
type ItemSpec = { kind: RequestItemKind; label: string; required?: boolean; options?: string[] };

const ITEMS: ItemSpec[] = [
  { kind: "short_text", label: "Full name" },
  { kind: "date", label: "Date of birth", required: false },
  { kind: "document", label: "PAN card" },
];

async function upload(w: Awaited<ReturnType<typeof world>>, requestId: string, itemId: string, who: { contactId: string }, reviewStatus: "pending" | "approved" | "rejected" = "pending") {
  const [d] = await t.db
    .insert(documents)
    .values({ workspaceId: w.workspaceId, contactId: who.contactId, requestId, requestItemId: itemId, name: "pan.pdf", contentType: "application/pdf", size: 100, sha256: "0", storageKey: `k/${randomUUID()}`, reviewStatus })
    .returning();
  return d.id;
}

const submittedMails = (workspaceId: string) => t.db.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.template, "request.submitted")));

test("submit with a required item missing is REQUEST_INCOMPLETE naming it; a rejected or removed upload does not count", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, ITEMS);
  const cookie = await sessionFor(w.site, w.alice);
  const p = { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: r.id };
  await expect(submitRequest(t.db, p)).rejects.toMatchObject({ code: "REQUEST_INCOMPLETE", missing: [{ label: "Full name" }, { label: "PAN card" }] });
  await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items["Full name"]]: "Alice" } }, { cookie }), params(r.id));
  await upload(w, r.id, r.items["PAN card"], w.alice, "rejected");
  const removed = await upload(w, r.id, r.items["PAN card"], w.alice);
  await t.db.update(documents).set({ deletedAt: new Date() }).where(eq(documents.id, removed));
  await upload(w, r.id, r.items["PAN card"], w.bob); // a co-applicant's upload is theirs, not Alice's
  const res = await submitPost(call(w.site, `/api/portal/requests/${r.id}/submit`, [], { cookie, json: false }), params(r.id));
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe(`/requests/${r.id}?error=REQUEST_INCOMPLETE#answers`);
  const [resp] = await t.db.select().from(requestResponses).where(and(eq(requestResponses.requestId, r.id), eq(requestResponses.contactId, w.alice.contactId)));
  expect(resp.submittedAt).toBeNull();
  expect(await submittedMails(w.workspaceId)).toHaveLength(0);
});

test("pressed twice at once: one submission, one email to the opportunity's owner; then saves and uploads are refused", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, ITEMS);
  const cookie = await sessionFor(w.site, w.alice);
  await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items["Full name"]]: "Alice" } }, { cookie }), params(r.id));
  await upload(w, r.id, r.items["PAN card"], w.alice);
  const results = await Promise.all([0, 1, 2].map(() => submitPost(call(w.site, `/api/portal/requests/${r.id}/submit`, {}, { cookie }), params(r.id))));
  const statuses = results.map((x) => x.status).sort();
  expect(statuses).toEqual([200, 409, 409]);
  for (const x of results.filter((x) => x.status === 409)) expect((await x.json()).error.code).toBe("REQUEST_SUBMITTED");
  const mails = (await t.db.select().from(messages).where(eq(messages.workspaceId, w.workspaceId))).filter((m) => m.template === "request.submitted");
  expect(mails).toHaveLength(1);
  expect(mails[0].to).toBe(w.ctx.user.email);
  const mail = openMessage(mails[0]);
  expect(mail.subject).toBe("Alice Test submitted KYC documents");
  expect(mail.text).toContain(`/w/${w.ctx.workspace.slug}/opportunities/${w.oppA.id}/requests/${r.id}`);

  const late = await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items["Full name"]]: "Changed" } }, { cookie }), params(r.id));
  expect(late.status).toBe(409);
  expect((await late.json()).error.code).toBe("REQUEST_SUBMITTED");
  // Bob (co-applicant) still answers for himself.
  const bobCookie = await sessionFor(w.site, w.bob);
  expect((await answersPost(call(w.site, `/api/portal/requests/${r.id}/answers`, { answers: { [r.items["Full name"]]: "Bob" } }, { cookie: bobCookie }), params(r.id))).status).toBe(200);

  // The admin rejects the document (another part re-opens the response): the client can save and submit again.
  await t.db.update(documents).set({ reviewStatus: "rejected", reviewReason: "Blurry" }).where(eq(documents.contactId, w.alice.contactId));
  await t.db.update(requestResponses).set({ submittedAt: null }).where(and(eq(requestResponses.requestId, r.id), eq(requestResponses.contactId, w.alice.contactId)));
  const again = await submitPost(call(w.site, `/api/portal/requests/${r.id}/submit`, {}, { cookie }), params(r.id));
  expect(again.status).toBe(422);
  await upload(w, r.id, r.items["PAN card"], w.alice);
  expect((await submitPost(call(w.site, `/api/portal/requests/${r.id}/submit`, {}, { cookie }), params(r.id))).status).toBe(200);
});

test("without an owner (or a former member as owner) every owner and admin is emailed; the marketing role is not", async () => {
  const w = await world();
  const admin = await addMember(w.ctx, "admin");
  await addMember(w.ctx, "marketing");
  const gone = await addMember(w.ctx, "admin");
  await t.db.update(opportunities).set({ ownerUserId: gone.user.id }).where(eq(opportunities.id, w.oppA.id));
  await t.db.delete(memberships).where(eq(memberships.userId, gone.user.id));
  const r = await w.makeRequest(w.oppA.id, [{ kind: "short_text", label: "Name", required: false }]);
  await submitRequest(t.db, { workspaceId: w.workspaceId, contactId: w.alice.contactId, requestId: r.id });
  const to = (await t.db.select().from(messages).where(eq(messages.workspaceId, w.workspaceId))).filter((m) => m.template === "request.submitted").map((m) => m.to).sort();
  expect(to).toEqual([w.ctx.user.email, admin.user.email].sort());
});

test("the no-JS Submit button carries the typed answers: saved, then submitted; a bad one stops both", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, ITEMS);
  const cookie = await sessionFor(w.site, w.alice);
  await upload(w, r.id, r.items["PAN card"], w.alice);
  const bad = await submitPost(
    call(w.site, `/api/portal/requests/${r.id}/submit`, [["items", r.items["Full name"]], [`a.${r.items["Full name"]}`, "Alice"], ["items", r.items["Date of birth"]], [`a.${r.items["Date of birth"]}`, "1990-02-31"]], { cookie, json: false }),
    params(r.id),
  );
  expect(bad.headers.get("location")).toBe(`/requests/${r.id}?error=ANSWERS_INVALID&bad=${r.items["Date of birth"]}#answers`);
  const ok = await submitPost(
    call(w.site, `/api/portal/requests/${r.id}/submit`, [["items", r.items["Full name"]], [`a.${r.items["Full name"]}`, "Alice"], ["items", r.items["Date of birth"]], [`a.${r.items["Date of birth"]}`, ""]], { cookie, json: false }),
    params(r.id),
  );
  expect(ok.status).toBe(303);
  expect(ok.headers.get("location")).toBe(`/requests/${r.id}?submitted=1`);
});

test("submit is refused for a one-factor session, another opportunity's request and a closed request", async () => {
  const w = await world();
  const r = await w.makeRequest(w.oppA.id, [{ kind: "short_text", label: "Name", required: false }]);
  const carols = await w.makeRequest(w.oppB.id, [{ kind: "short_text", label: "Name", required: false }]);
  const one = await sessionFor(w.site, w.alice, { twoFactor: false });
  expect((await submitPost(call(w.site, `/api/portal/requests/${r.id}/submit`, {}, { cookie: one }), params(r.id))).status).toBe(401);
  const cookie = await sessionFor(w.site, w.alice);
  expect((await submitPost(call(w.site, `/api/portal/requests/${carols.id}/submit`, {}, { cookie }), params(carols.id))).status).toBe(404);
  await t.db.update(requests).set({ status: "closed" }).where(eq(requests.id, r.id));
  const closed = await submitPost(call(w.site, `/api/portal/requests/${r.id}/submit`, {}, { cookie }), params(r.id));
  expect(closed.status).toBe(409);
  expect((await closed.json()).error.code).toBe("REQUEST_NOT_OPEN");
  const responses = await t.db.select().from(requestResponses).where(inArray(requestResponses.requestId, [r.id, carols.id]));
  expect(responses.filter((x) => x.submittedAt)).toEqual([]);
});

test("reminder windows: N days before the due day, and on the due day; nothing after the due moment", () => {
  const due = new Date("2030-03-10T12:00:00Z");
  expect(reminderWindow(due, 3, new Date("2030-03-06T23:00:00Z"))).toBeNull();
  expect(reminderWindow(due, 3, new Date("2030-03-07T00:00:00Z"))?.toISOString()).toBe("2030-03-07T00:00:00.000Z");
  expect(reminderWindow(due, 3, new Date("2030-03-09T18:00:00Z"))?.toISOString()).toBe("2030-03-07T00:00:00.000Z");
  expect(reminderWindow(due, 3, new Date("2030-03-10T08:00:00Z"))?.toISOString()).toBe("2030-03-10T00:00:00.000Z");
  expect(reminderWindow(due, 3, new Date("2030-03-10T12:00:00Z"))).toBeNull();
  expect(reminderWindow(due, 0, new Date("2030-03-09T08:00:00Z"))).toBeNull();
});

test("reminders: once per window to applicants who have not submitted, with the portal address and no access link", async () => {
  const w = await world();
  const due = new Date("2030-03-10T12:00:00Z");
  const r = await w.makeRequest(w.oppA.id, ITEMS, { dueAt: due, reminderDaysBefore: 2, title: "Loan papers" });
  await w.makeRequest(w.oppA.id, ITEMS, { dueAt: due, title: "No reminders" });
  await w.makeRequest(w.oppA.id, ITEMS, { dueAt: due, reminderDaysBefore: 2, status: "draft", title: "Draft" });
  await t.db.insert(requestResponses).values({ workspaceId: w.workspaceId, requestId: r.id, contactId: w.bob.contactId, submittedAt: new Date("2030-03-01T00:00:00Z") });
  const mails = async () => (await t.db.select().from(messages).where(eq(messages.workspaceId, w.workspaceId))).filter((m) => m.template === "request.reminder");

  await sendRequestReminders(t.db, { now: new Date("2030-03-07T10:00:00Z") }); // before the window
  expect(await mails()).toHaveLength(0);
  // Two workers at the window's opening: one claims it.
  await Promise.all([sendRequestReminders(t.db, { now: new Date("2030-03-08T01:00:00Z") }), sendRequestReminders(t.db, { now: new Date("2030-03-08T01:00:00Z") })]);
  await sendRequestReminders(t.db, { now: new Date("2030-03-09T23:00:00Z") }); // same window, later
  let sent = await mails();
  expect(sent.map((m) => m.to)).toEqual([w.alice.email]);
  const m = openMessage(sent[0]);
  expect(m.subject).toBe("Reminder: Loan papers is due on 10 March 2030");
  expect(m.text).toContain(`${w.ctx.workspace.slug}.`);
  expect(m.text).not.toMatch(/\/l\/|\/s\//);
  await sendRequestReminders(t.db, { now: new Date("2030-03-10T06:00:00Z") }); // due day
  await sendRequestReminders(t.db, { now: new Date("2030-03-10T11:00:00Z") });
  sent = await mails();
  expect(sent).toHaveLength(2);
  expect(sent.map((x) => openMessage(x).subject).sort()).toEqual(["Due today: Loan papers", "Reminder: Loan papers is due on 10 March 2030"]);
  await sendRequestReminders(t.db, { now: new Date("2030-03-10T13:00:00Z") }); // past due
  expect(await mails()).toHaveLength(2);
});
