import "server-only";
import { createHash } from "node:crypto";
import { Resend } from "resend";
import type { Driver, MessageRow, SendResult } from "../drivers";

type Options = { apiKey: string; baseUrl?: string; from: string; requestsPerSecond?: number };
type ResendError = { statusCode?: number | null; message?: string; name?: string } | null;

/**
 * Email through Resend. Bulk goes through /emails/batch (≤100 a call) with an idempotency key derived from the
 * message ids, so a retried batch is not delivered twice; calls are paced to the API's default 2 requests/s.
 */
export function createResendDriver(o: Options): Driver {
  const resend = new Resend(o.apiKey, o.baseUrl ? { baseUrl: o.baseUrl } : undefined);
  const minGapMs = 1000 / (o.requestsPerSecond ?? 2);
  let nextSlot = 0;
  const pace = async () => {
    const now = Date.now();
    const wait = Math.max(0, nextSlot - now);
    nextSlot = Math.max(now, nextSlot) + minGapMs;
    if (wait) await new Promise((r) => setTimeout(r, wait));
  };
  const toEmail = (m: MessageRow) => ({
    from: m.fromAddress ? (m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress) : o.from,
    to: [m.to],
    subject: m.subject ?? "",
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    headers: { "X-Entity-Ref-ID": m.id },
  });
  const fail = (batch: MessageRow[], error: ResendError, headers: Record<string, string> | null): SendResult[] => {
    const status = error?.statusCode ?? null;
    // Network failures (no status), rate limits, concurrent-idempotency conflicts and 5xx are worth retrying.
    const retryable = status === null || status === 429 || status === 409 || status >= 500;
    const retryAfter = Number(headers?.["retry-after"]);
    const message = `resend ${status ?? "network"}: ${error?.message ?? "unknown error"}`;
    return batch.map((m) => ({
      id: m.id,
      ok: false as const,
      retryable,
      error: message,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    }));
  };
  return {
    name: "resend",
    batchSize: 100,
    async send(batch) {
      await pace();
      if (batch.length === 1) {
        const [m] = batch;
        const r = await resend.emails.send(toEmail(m), { idempotencyKey: `msg-${m.id}` });
        if (r.error) return fail(batch, r.error as ResendError, r.headers);
        return [{ id: m.id, ok: true, providerId: r.data?.id ?? null }];
      }
      const key = createHash("sha256").update(batch.map((m) => m.id).sort().join(",")).digest("hex");
      const r = await resend.batch.send(batch.map(toEmail), { idempotencyKey: `batch-${key}` });
      if (r.error) return fail(batch, r.error as ResendError, r.headers);
      const ids = (r.data as { data?: { id: string }[] } | null)?.data ?? [];
      return batch.map((m, i) => ({ id: m.id, ok: true as const, providerId: ids[i]?.id ?? null }));
    },
  };
}
