import "server-only";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Resend } from "resend";
import type { Driver, MessageRow, SendResult } from "../drivers";

type Options = { apiKey: string; baseUrl?: string; from: string; requestsPerSecond?: number };
type ResendError = { statusCode?: number | null; message?: string; name?: string } | null;

/** Resend's default API limit is 2 requests a second; we keep 10% under it, so jitter never makes a third. */
const DEFAULT_REQUESTS_PER_SECOND = 2;
const MARGIN = 1.1;

/**
 * Email through Resend. Bulk goes through /emails/batch (≤100 a call); every request carries the idempotency key the
 * deliverer fixed for it, so a retried request is never delivered twice. The pace (the API's 2 requests a second, with
 * a margin) is kept by the deliverer across all workers from `minGapMs`.
 */
export function createResendDriver(o: Options): Driver {
  const resend = new Resend(o.apiKey, o.baseUrl ? { baseUrl: o.baseUrl } : undefined);
  let warm: Promise<void> | null = null;
  const toEmail = (m: MessageRow) => ({
    from: m.fromAddress ? (m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress) : o.from,
    to: [m.to],
    subject: m.subject ?? "",
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    headers: { "X-Entity-Ref-ID": m.id },
  });
  const answer = (batch: MessageRow[], error: ResendError, headers: Record<string, string> | null): SendResult[] => {
    const status = error?.statusCode ?? null;
    // The key was already used for a request with other content: Resend keeps a key only for a request it sent, so
    // this request's messages went out (a member deleted since makes the content differ). Sent, id unknown.
    if (status === 409 && error?.name === "invalid_idempotent_request") return batch.map((m) => ({ id: m.id, ok: true as const, providerId: null }));
    // Network failures and timeouts (no status), rate limits, a concurrent request with the same key and 5xx are
    // worth retrying with the same key; any other 4xx is a refusal of the request: nothing was sent.
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
    minGapMs: Math.ceil((1000 / (o.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND)) * MARGIN),
    ready: () => (warm ??= warmFetch()),
    async send(batch, request) {
      const options = { idempotencyKey: request.key, ...(request.signal ? { signal: request.signal } : {}) };
      // A request's membership never changes, so one message always goes to /emails and several to /emails/batch.
      if (batch.length === 1) {
        const [m] = batch;
        const r = await resend.emails.send(toEmail(m), options);
        if (r.error) return answer(batch, r.error as ResendError, r.headers);
        return [{ id: m.id, ok: true, providerId: r.data?.id ?? null }];
      }
      const r = await resend.batch.send(batch.map(toEmail), options);
      if (r.error) return answer(batch, r.error as ResendError, r.headers);
      const ids = (r.data as { data?: { id: string }[] } | null)?.data ?? [];
      return batch.map((m, i) => ({ id: m.id, ok: true as const, providerId: ids[i]?.id ?? null }));
    },
  };
}

/**
 * Node loads fetch's HTTP client (and compiles its parser) on the first request, which can take a hundred ms or more on
 * a busy machine. One request to a throwaway loopback server does that before the first paced turn, not between a turn
 * and its request, where it would make the request leave late and bunch up with the next one.
 */
async function warmFetch() {
  const server = createServer((_, res) => res.end("ok"));
  try {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await res.arrayBuffer();
  } catch {
    // only an optimisation
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
