// The SMS credits panel as the server renders it (no JavaScript): balance, warnings, the owner's top-up form, the ledger.
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test, vi } from "vitest";
import { SmsCredits } from "@/components/admin/sms/sms-credits";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { topUpSmsCredits } from "@/lib/sms/credits/top-up-sms-credits";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";
import { queueSms } from "./helpers/sms-outbox";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh() {}, push() {} }) }));
vi.mock("@/app/(admin)/w/[slug]/settings/sms/credits-actions", () => ({ topUpSmsCreditsFormAction: async () => ({}) }));

let t: TestDb;
useAppTestDb((db) => void (t = db));

const render = async (ctx: AdminCtx, role = ctx.role, ledgerAfter?: string) =>
  renderToStaticMarkup(await SmsCredits({ workspaceSlug: ctx.workspace.slug, workspaceId: ctx.workspace.id, role, ledgerAfter }));

test("an owner sees the balance, today's count against the cap, the low-balance warning, a top-up form that posts without JavaScript, and the ledger", async () => {
  const ctx = await makeWorkspace(t.db);
  await topUpSmsCredits(ctx, { credits: 30, note: "MSG91 invoice 7" });
  await queueSms(t.db, ctx.workspace.id, [{ to: "+919876543210", credits: 2 }]);
  const html = await render(ctx);
  expect(html).toMatch(/data-testid="sms-credit-balance"[^>]*>28</);
  expect(html).toMatch(/data-testid="sms-sent-today"[^>]*>1 <span[^>]*>of 500 a day/);
  expect(html).toContain("Only 28 SMS credits left");
  expect(html).toContain("Add credits below.");
  expect(html).toMatch(/<form[^>]*aria-label="Add SMS credits"/);
  expect(html).toContain('name="_workspace"');
  expect(html).toContain('name="credits"');
  expect(html).toContain('name="note"');
  expect(html).toContain("MSG91 invoice 7");
  expect(html).toContain("Reserved for an SMS");
  expect(html).toContain(`by ${ctx.user.email}`);
});

test("an admin sees the numbers but no top-up form, and is told to ask an owner", async () => {
  const ctx = await makeWorkspace(t.db);
  const html = await render(ctx, "admin");
  expect(html).not.toContain('name="credits"');
  expect(html).toContain("Only owners can add credits.");
  expect(html).toContain("There are no SMS credits left");
  expect(html).toContain("Ask an owner of this workspace to add credits.");
  expect(html).toContain("No credits yet.");
});

test("the ledger pages back with a keyset link, and the second page continues where the first ended", async () => {
  const ctx = await makeWorkspace(t.db);
  for (let i = 1; i <= 27; i++) await topUpSmsCredits(ctx, { credits: 100, note: `note-${i}-end` });
  const first = await render(ctx);
  expect(first).toContain("note-27-end");
  expect(first).not.toContain("note-2-end");
  const cursor = /\?ledger=([^#"]+)#sms-credits/.exec(first)?.[1];
  expect(cursor).toBeTruthy();
  const second = await render(ctx, "owner", cursor);
  expect(second).toContain("note-2-end");
  expect(second).toContain("note-1-end");
  expect(second).not.toContain("note-27-end");
  expect(second).toContain("Back to newest");
});
