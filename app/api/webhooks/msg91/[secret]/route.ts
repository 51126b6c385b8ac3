import { createHash, timingSafeEqual } from "node:crypto";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { errorMessages } from "@/lib/errors";
import { readCapped } from "@/lib/http/read-capped";
import { applyDeliveryReports, parseDeliveryReports } from "@/lib/sms/apply-delivery-report";
import { findUnstorable } from "@/lib/validation/storable-text";

export const dynamic = "force-dynamic";

/** MSG91 sends reports in batches; a megabyte holds thousands of them. */
const MAX_BYTES = 1_000_000;

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { "cache-control": "no-store" } });
const notFound = () => new Response(errorMessages.WEBHOOK_NOT_FOUND, { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/** Equal in constant time whatever the lengths (both sides are hashed first), so timing tells nothing of the secret. */
function sameSecret(given: string, expected: string) {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

// MSG91's delivery reports. MSG91 signs nothing, so the URL's secret is the credential: a wrong one, or none set on
// this server, reads as a plain 404, the same as any path that does not exist. A malformed body is a 400 naming the
// problem, with nothing written; reports are stored once and move a message forward only.
export async function POST(req: Request, { params }: { params: Promise<{ secret: string }> }) {
  const expected = env.msg91WebhookSecret;
  const { secret } = await params;
  if (!expected || !sameSecret(secret ?? "", expected)) return notFound();
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BYTES) return answer(413, { error: "The report body is too large (1 MB at most): send fewer reports at once." });
  const bytes = await readCapped(req.body, MAX_BYTES);
  if (!bytes) return answer(413, { error: "The report body is too large (1 MB at most): send fewer reports at once." });
  let raw: string;
  try {
    raw = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return answer(400, { error: "The report body is not UTF-8 text." });
  }
  const parsed = parseDeliveryReports(raw, req.headers.get("content-type"));
  if (!parsed.ok) return answer(400, { error: parsed.error });
  // Postgres refuses a NUL in text and jsonb: such a report is malformed, not ours to store.
  const bad = findUnstorable(parsed.reports);
  if (bad) return answer(400, { error: `The delivery report holds a character that cannot be stored (at reports.${bad.field}).` });
  try {
    const r = await applyDeliveryReports(getDb(), parsed.reports);
    return answer(200, { ok: true, ...r });
  } catch (e) {
    console.error("[webhooks/msg91] could not record reports", e);
    return answer(500, { error: "The reports could not be recorded; send them again." });
  }
}
