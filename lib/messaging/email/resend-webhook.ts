import "server-only";
import { Resend } from "resend";
import { z } from "zod";

/** Resend's events are small; anything far larger is not one of them and is refused before any work. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

const eventSchema = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export type ResendEvent = {
  /** svix-id: the same for every redelivery of one event, so it is what we deduplicate on. */
  id: string;
  type: string;
  occurredAt: Date;
  emailId: string | null;
  payload: Record<string, unknown>;
};

export type VerifyResult = { ok: true; event: ResendEvent } | { ok: false; status: 400 | 401 | 503; error: string };

// The SDK wants a key for its client; verifying a signature never calls the API, so any placeholder will do.
let verifier: Resend | null = null;
const client = () => (verifier ??= new Resend("re_webhook_verification_only"));

/**
 * Checks a Resend (svix) webhook with the SDK's own verifier (standardwebhooks): HMAC-SHA256 over
 * `${svix-id}.${svix-timestamp}.${body}`, any of the space-separated `v1,` signatures, compared in constant time,
 * timestamp within 5 minutes either way. Only a verified body is parsed.
 */
export function verifyResendWebhook(rawBody: string, headers: Headers, secret: string): VerifyResult {
  const id = headers.get("svix-id");
  const timestamp = headers.get("svix-timestamp");
  const signature = headers.get("svix-signature");
  if (!id || !timestamp || !signature) return { ok: false, status: 401, error: "Missing svix-id, svix-timestamp or svix-signature header." };
  if (id.length > 200) return { ok: false, status: 401, error: "The svix-id header is not valid." };
  let parsed: unknown;
  try {
    parsed = client().webhooks.verify({ payload: rawBody, headers: { id, timestamp, signature }, webhookSecret: secret });
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    if (name === "WebhookVerificationError") {
      const stale = e instanceof Error && /timestamp/i.test(e.message);
      return { ok: false, status: 401, error: stale ? "The webhook timestamp is outside the 5-minute window." : "The webhook signature does not match." };
    }
    // Signed correctly but not JSON: the sender holds our secret, so this is a bug on their side, not an attack.
    if (e instanceof SyntaxError) return { ok: false, status: 400, error: "The webhook body is not JSON." };
    return { ok: false, status: 503, error: "RESEND_WEBHOOK_SECRET is not a valid signing secret (expected whsec_ followed by base64)." };
  }
  const event = eventSchema.safeParse(parsed);
  if (!event.success) return { ok: false, status: 400, error: "The webhook body is not a Resend event." };
  const { type, created_at, data } = event.data;
  const at = created_at ? new Date(created_at) : new Date(Number(timestamp) * 1000);
  const emailId = typeof data?.email_id === "string" && data.email_id.length <= 200 ? data.email_id : null;
  return {
    ok: true,
    event: { id, type, occurredAt: Number.isNaN(at.getTime()) ? new Date() : at, emailId, payload: parsed as Record<string, unknown> },
  };
}
