import "server-only";
import { and, count, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { requestItems, requests, type RequestStatus } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { lockRequest } from "./load";
import { dueAtOf } from "./request-fields.schema";
import type { SetRequestStatusInput, UpdateRequestInput } from "./update-request.schema";

export { setRequestStatusSchema, updateRequestSchema, type SetRequestStatusInput, type UpdateRequestInput } from "./update-request.schema";

/** Opening a request with nothing to answer would show clients an empty page. */
async function assertOpenable(tx: Tx, workspaceId: string, requestId: string) {
  const [{ n }] = await tx.select({ n: count() }).from(requestItems).where(and(eq(requestItems.requestId, requestId), eq(requestItems.workspaceId, workspaceId)));
  if (n === 0) throw new AppError("REQUEST_NO_ITEMS");
}

/** Title, message, due date, reminders and status; audits which fields changed. */
export async function updateRequest(ctx: OpsCtx, input: UpdateRequestInput): Promise<{ id: string; changed: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockRequest(tx, ctx.workspace.id, input.id);
    const next = {
      title: input.title,
      message: input.message ?? null,
      dueAt: dueAtOf(input.dueDate),
      reminderDaysBefore: input.reminderDaysBefore ?? null,
      status: input.status,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => {
      const a = before[k];
      const b = next[k];
      return a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime() !== (b as Date | null)?.getTime() : a !== b;
    });
    if (changed.length === 0) return { id: input.id, changed };
    if (input.status === "open" && before.status !== "open") await assertOpenable(tx, ctx.workspace.id, input.id);
    // A new due date starts the reminders afresh.
    const reminderReset = changed.includes("dueAt") || changed.includes("reminderDaysBefore") ? { lastReminderAt: null } : {};
    await tx.update(requests).set({ ...next, ...reminderReset }).where(and(eq(requests.id, input.id), eq(requests.workspaceId, ctx.workspace.id)));
    await audit(tx, ctx, { action: "request.update", targetType: "request", targetId: input.id, summary: `Edited request "${input.title}"`, data: { changed } });
    return { id: input.id, changed };
  });
}

/** Open, close or return to draft. */
export async function setRequestStatus(ctx: OpsCtx, input: SetRequestStatusInput): Promise<{ id: string; status: RequestStatus }> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockRequest(tx, ctx.workspace.id, input.id);
    if (before.status === input.status) return { id: input.id, status: input.status };
    if (input.status === "open") await assertOpenable(tx, ctx.workspace.id, input.id);
    await tx.update(requests).set({ status: input.status }).where(and(eq(requests.id, input.id), eq(requests.workspaceId, ctx.workspace.id)));
    await audit(tx, ctx, {
      action: "request.status",
      targetType: "request",
      targetId: input.id,
      summary: `Request "${before.title}": ${before.status} → ${input.status}`,
      data: { from: before.status, to: input.status },
    });
    return { id: input.id, status: input.status };
  });
}
