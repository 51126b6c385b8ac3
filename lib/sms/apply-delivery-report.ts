import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/lib/db";
import { messageEvents, messages } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { lockProviderIds } from "@/lib/messaging/record-provider-event";
import { lockBalances } from "./credits/balance";
import { refundSmsCredits } from "./credits/refund-sms-credits";
import { settleSmsCredits } from "./credits/settle-sms-credits";

const PROVIDER = "msg91";

/** MSG91's delivery statuses we act on; any other status (submitted, awaited, …) is kept as an event only. */
const STATUSES: Record<number, { type: string; status: "delivered" | "failed"; reason: string }> = {
  1: { type: "sms.delivered", status: "delivered", reason: "Delivered to the handset." },
  2: { type: "sms.failed", status: "failed", reason: "The operator could not deliver the SMS (phone off, out of coverage or the number not in service)." },
  9: { type: "sms.ndnc", status: "failed", reason: "Not delivered: the number is on the National Do Not Call registry (NDNC), and the template is not a service template." },
  16: { type: "sms.rejected", status: "failed", reason: "Rejected by the operator: the SMS did not pass DLT scrubbing (check the template, the sender ID and the whitelisted URLs)." },
  25: { type: "sms.rejected", status: "failed", reason: "Rejected by MSG91 or the operator before sending (check the DLT template and sender ID in MSG91)." },
  17: { type: "sms.blocked", status: "failed", reason: "Blocked: the number is on MSG91's block list or was blocked by the operator." },
};

/** One line of a report: one number of one Flow request. */
export type Msg91Report = {
  requestId: string;
  senderId: string | null;
  number: string; // digits with the country code, e.g. 919876543210
  status: number;
  desc: string | null;
  failedReason: string | null;
  credit: number | null;
  date: string | null;
};

const text = (max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().max(max, `is longer than ${max} characters`));
const optText = (max: number) => z.union([text(max), z.null()]).optional();

const line = z.object({
  number: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).replace(/[\s-]/g, "").replace(/^\+/, ""))
    .pipe(z.string().regex(/^\d{10,15}$/, "must be a mobile number with its country code, e.g. 919876543210")),
  status: z
    .union([z.string(), z.number()])
    .transform((v) => Number(String(v).trim()))
    .pipe(z.number({ message: "must be MSG91's numeric status" }).int("must be MSG91's numeric status").min(0).max(1000)),
  desc: optText(500),
  failedReason: optText(500),
  credit: z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((v) => (v === null || v === undefined || String(v).trim() === "" ? null : Number(String(v).trim())))
    .pipe(z.number({ message: "must be a number of credits" }).min(0, "must not be negative").max(1000).nullable()),
  date: optText(64),
});

const request = z.object({
  requestId: text(100).pipe(z.string().min(1, "is missing")),
  senderId: optText(20),
  report: z.array(line).min(1, "holds no report").max(1000),
});

// A flat report (the number and status beside the request id) is read as a request with one line.
const item = z.preprocess((v) => {
  if (v && typeof v === "object" && !Array.isArray(v) && !("report" in v) && ("number" in v || "status" in v)) {
    const { requestId, senderId, ...rest } = v as Record<string, unknown>;
    return { requestId, senderId, report: [rest] };
  }
  return v;
}, request);

const payload = z.array(item).min(1, "holds no report").max(1000);

export type ParsedReports = { ok: true; reports: Msg91Report[] } | { ok: false; error: string };

/**
 * The delivery reports in a webhook body, all or none: MSG91's v2 form (`data` = a JSON array of requests with their
 * `report` lines), or JSON (that array, one such object, `{ data: … }`, or flat objects with the number and status
 * beside the request id). Anything malformed names what and where, so the sender can be fixed.
 */
export function parseDeliveryReports(body: string, contentType: string | null): ParsedReports {
  let value: unknown;
  try {
    if ((contentType ?? "").toLowerCase().includes("application/x-www-form-urlencoded")) {
      const data = new URLSearchParams(body).get("data");
      if (data === null) return { ok: false, error: "The form has no `data` field: MSG91's v2 reports put a JSON array of requests in `data`." };
      value = JSON.parse(data);
    } else {
      value = JSON.parse(body);
      if (value && typeof value === "object" && !Array.isArray(value) && "data" in value) {
        const data = (value as { data: unknown }).data;
        value = typeof data === "string" ? JSON.parse(data) : data;
      }
    }
  } catch {
    return { ok: false, error: "The report is not valid JSON: send a JSON array of { requestId, report: [{ number, status, … }] }, or MSG91's v2 form with that array in `data`." };
  }
  const list = Array.isArray(value) ? value : [value];
  const parsed = payload.safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `at ${issue.path.join(".")}` : "in the body";
    const field = issue.path.filter((p) => typeof p === "string").pop();
    return { ok: false, error: `The delivery report is malformed ${where}: ${field ? `${String(field)} ` : ""}${issue.message}.` };
  }
  const reports = parsed.data.flatMap((r) =>
    r.report.map((l) => ({
      requestId: r.requestId,
      senderId: r.senderId ?? null,
      number: l.number.length === 10 ? `91${l.number}` : l.number,
      status: l.status,
      desc: l.desc ?? null,
      failedReason: l.failedReason ?? null,
      credit: l.credit,
      date: l.date || null,
    })),
  );
  for (const r of reports) if (r.date && !occurredAt(r.date)) return { ok: false, error: `The delivery report's date "${r.date}" (request ${r.requestId}) is not a date.` };
  return { ok: true, reports };
}

/** MSG91 writes times as "YYYY-MM-DD HH:MM:SS" in India time; anything with a zone is read as written. */
function occurredAt(date: string | null): Date | null {
  if (!date) return new Date();
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(date);
  const d = local ? new Date(`${local[1]}T${local[2]}+05:30`) : new Date(date);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A report's event id: one per request, number and status, so a replay (or MSG91's retry) is the same event. */
const eventIdOf = (r: Pick<Msg91Report, "requestId" | "number" | "status">) => `${r.requestId}:${r.number}:${r.status}`;

function effectOf(r: Msg91Report) {
  const known = STATUSES[r.status];
  const operator = [r.desc, r.failedReason].filter((s, i, all) => s && all.indexOf(s) === i).join(" — ");
  if (!known) return { type: `sms.status_${r.status}`, status: null, detail: operator ? `MSG91 status ${r.status}: ${operator}` : `MSG91 status ${r.status}.` };
  const detail = known.status === "failed" && operator ? `${known.reason} Operator: ${operator}` : known.reason;
  return { type: known.type, status: known.status, detail: detail.slice(0, 500) };
}

type Target = { id: string; workspaceId: string | null };

/**
 * A report's effect on its message, under the provider-id lock. Unlike an email's events, an SMS's final reports
 * are final both ways: a message reported delivered stays delivered if a "failed" for it arrives later (operators
 * send stale reports), and a failed one is not revived. Only a status change moves credits: a failure gives the
 * reservation back, a delivery settles it at the report's `credit`.
 */
async function applyToMessage(tx: DbOrTx, m: Target, r: Msg91Report, at: Date) {
  const e = effectOf(r);
  if (!e.status) return false;
  const rows = await tx
    .update(messages)
    .set({
      status: e.status,
      deliveredAt: e.status === "delivered" ? sql`coalesce(${messages.deliveredAt}, ${at.toISOString()}::timestamptz)` : undefined,
      lastError: e.status === "failed" ? e.detail : undefined,
      updatedAt: new Date(),
    })
    .where(and(eq(messages.id, m.id), inArray(messages.status, ["queued", "sending", "sent"])))
    .returning({ id: messages.id });
  if (rows.length === 0 || !m.workspaceId) return rows.length > 0;
  if (e.status === "failed") await refundSmsCredits(tx, { workspaceId: m.workspaceId, messageId: m.id });
  else if (r.credit !== null) await settleSmsCredits(tx, { workspaceId: m.workspaceId, messageId: m.id, credits: r.credit });
  return true;
}

async function findMessage(tx: DbOrTx, r: Pick<Msg91Report, "requestId" | "number">): Promise<Target | null> {
  const [m] = await tx
    .select({ id: messages.id, workspaceId: messages.workspaceId })
    .from(messages)
    .where(and(eq(messages.provider, PROVIDER), eq(messages.providerId, r.requestId), eq(messages.to, `+${r.number}`)))
    .limit(1)
    .for("update");
  return m ?? null;
}

export type ApplyReportsResult = { applied: number; duplicate: number; unmatched: number; recorded: number };

/**
 * Stores each report once (message_events, provider "msg91", id request:number:status) and applies it, all in one
 * transaction. A report for a request id we have not recorded yet (it beat the deliverer's bookkeeping, or is not
 * ours) is kept without a message; the deliverer applies it when it marks the send sent (applyEarlyDeliveryReports).
 */
export async function applyDeliveryReports(db: Db, reports: Msg91Report[]): Promise<ApplyReportsResult> {
  const out: ApplyReportsResult = { applied: 0, duplicate: 0, unmatched: 0, recorded: 0 };
  if (reports.length === 0) return out;
  return db.transaction(async (tx) => {
    // The same lock the deliverer takes when it records the request id, so a report and the send never cross.
    await lockProviderIds(tx, PROVIDER, reports.map((r) => r.requestId));
    const targets = [];
    for (const r of reports) targets.push(await findMessage(tx, r));
    // Reports of one call may span workspaces: their balance rows are locked once, in order (as the deliverer does).
    await lockBalances(tx, targets.map((m) => m?.workspaceId));
    for (const [i, r] of reports.entries()) {
      const m = targets[i];
      const e = effectOf(r);
      const at = occurredAt(r.date) ?? new Date();
      const inserted = await tx
        .insert(messageEvents)
        .values({
          messageId: m?.id ?? null,
          workspaceId: m?.workspaceId ?? null,
          provider: PROVIDER,
          providerEventId: eventIdOf(r),
          type: e.type,
          detail: e.detail,
          payload: { ...r },
          occurredAt: at,
        })
        .onConflictDoNothing({ target: [messageEvents.provider, messageEvents.providerEventId] })
        .returning({ id: messageEvents.id });
      if (inserted.length === 0) {
        out.duplicate++;
        continue;
      }
      out.recorded++;
      if (!m) {
        out.unmatched++;
        continue;
      }
      if (await applyToMessage(tx, m, r, at)) out.applied++;
    }
    return out;
  });
}

/** Reports older than this for an id we never recorded are not waited for: that request was not ours. */
const EARLY_REPORT_WINDOW = "7 days";

/**
 * Called by the deliverer in the transaction that records MSG91 request ids (after lockProviderIds): reports that
 * arrived before are attached to their messages (by request id and number) and applied in the order they happened.
 */
export async function applyEarlyDeliveryReports(tx: DbOrTx, requestIds: string[]) {
  if (requestIds.length === 0) return 0;
  const ids = JSON.stringify([...new Set(requestIds)]);
  const rows = rowsOf<{ event_id: string; message_id: string; workspace_id: string | null; payload: Msg91Report | string; occurred_at: string }>(
    await tx.execute(sql`
      update message_events e set message_id = m.id, workspace_id = m.workspace_id
      from messages m
      where e.message_id is null and e.provider = ${PROVIDER} and e.created_at > now() - ${EARLY_REPORT_WINDOW}::interval
        and e.payload->>'requestId' in (select json_array_elements_text(${ids}::json))
        and m.provider = ${PROVIDER} and m.provider_id = e.payload->>'requestId' and m.to = '+' || (e.payload->>'number')
      returning e.id as event_id, m.id as message_id, m.workspace_id, e.payload,
        to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at`),
  );
  rows.sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.event_id.localeCompare(b.event_id));
  for (const row of rows) {
    const r = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Msg91Report;
    await applyToMessage(tx, { id: row.message_id, workspaceId: row.workspace_id }, r, new Date(row.occurred_at));
  }
  return rows.length;
}
