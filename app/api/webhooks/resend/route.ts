import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { readCapped } from "@/lib/http/read-capped";
import { MAX_WEBHOOK_BYTES, verifyResendWebhook } from "@/lib/messaging/email/resend-webhook";
import { recordProviderEvent } from "@/lib/messaging/record-provider-event";
import { scrubUnstorable } from "@/lib/validation/storable-text";

export const dynamic = "force-dynamic";

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

// Resend's delivery events (svix-signed). Anything not verified changes nothing; a verified event is stored once
// and moves its message's status forward only. Non-2xx answers make Resend retry, so only our own failures get one.
export async function POST(req: Request) {
  const secret = env.resendWebhookSecret;
  if (!secret) {
    return answer(503, { error: "Resend webhooks are not configured on this server: set RESEND_WEBHOOK_SECRET to the endpoint's signing secret (whsec_…)." });
  }
  if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) return answer(413, { error: "The webhook body is too large." });
  const bytes = await readCapped(req.body, MAX_WEBHOOK_BYTES);
  if (!bytes) return answer(413, { error: "The webhook body is too large." });
  const raw = Buffer.from(bytes).toString("utf8");
  const v = verifyResendWebhook(raw, req.headers, secret);
  if (!v.ok) return answer(v.status, { error: v.error });
  // Signed, so ours to keep; but Postgres refuses a NUL in text and jsonb, and answering 500 would make Resend
  // retry the event for days. Such characters become U+FFFD in what we store.
  const event = scrubUnstorable(v.event);
  try {
    const r = await recordProviderEvent(getDb(), {
      provider: "resend",
      eventId: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      providerMessageId: event.emailId,
      payload: event.payload,
    });
    return answer(200, { ok: true, duplicate: r.duplicate, matched: r.messageId !== null, applied: r.applied });
  } catch (e) {
    console.error("[webhooks/resend] could not record event", event.id, e);
    return answer(500, { error: "The event could not be recorded; it will be retried." });
  }
}
