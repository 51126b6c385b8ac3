import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Email = { from: string; to: string[]; subject: string; text?: string; html?: string; headers?: Record<string, string> };
export type RecordedCall = { path: string; idempotencyKey: string | null; auth: string | null; body: Email | Email[]; at: number };
/**
 * How a request goes wrong. Before processing (nothing sent, the key not taken): a status, or "hang" (never answers).
 * After processing (sent, the key remembered): "accept-then-500" (the answer is an error), "accept-then-drop" (the
 * connection is cut), "accept-then-hang" (no answer ever; emits "accepted" so a test can kill the client meanwhile).
 */
type Fault = { status: number; retryAfter?: number } | "hang" | "accept-then-500" | "accept-then-drop" | "accept-then-hang";

const DAY_MS = 24 * 60 * 60_000;

/**
 * A loopback stand-in for the Resend API (`/emails`, `/emails/batch`) that records what it gets and fails on demand.
 * Idempotency keys work as Resend documents them: a key is remembered for 24 hours once its request was sent; the same
 * key with the same body gets the first answer and sends nothing; the same key with another body is a 409
 * `invalid_idempotent_request`; a key whose first request is still being processed is a 409
 * `concurrent_idempotent_requests`. With `rateLimit`, a request beyond that many in the last second is a 429, as the
 * real API's default limit of 2 requests a second.
 */
export async function startFakeResend(o: { rateLimit?: number; latencyMs?: number; port?: number } = {}) {
  const calls: RecordedCall[] = [];
  const delivered: Email[] = [];
  const byKey = new Map<string, { bodyHash: string; answer: unknown; until: number } | "in-progress">();
  const faults: Fault[] = [];
  const events = new EventEmitter();
  let seq = 0;
  let rateLimited = 0;
  let chaos: ((callNo: number) => Fault | null) | null = null;
  // Addresses Resend refuses (422): a batch holding one is refused whole, as the real API does in strict mode.
  const refused = new Set<string>();
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let b = "";
      req.on("data", (c) => (b += c));
      req.on("end", () => resolve(b));
    });
  const server: Server = createServer(async (req, res) => {
    const at = Date.now(); // when the request reached the provider, before its body is read
    const raw = await read(req);
    const body = JSON.parse(raw || "null");
    const key = (req.headers["idempotency-key"] as string) ?? null;
    calls.push({ path: req.url ?? "", idempotencyKey: key, auth: (req.headers.authorization as string) ?? null, body, at });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (o.rateLimit !== undefined && calls.filter((c) => c.at > at - 1000).length > o.rateLimit) {
      rateLimited++;
      return send(429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, { "retry-after": "1" });
    }
    const fault = faults.shift() ?? chaos?.(calls.length) ?? undefined;
    if (fault === "hang") return; // never answers: the client's timeout is what is under test
    if (fault && typeof fault === "object") {
      const headers: Record<string, string> = fault.retryAfter ? { "retry-after": String(fault.retryAfter) } : {};
      return send(fault.status, { statusCode: fault.status, name: fault.status === 429 ? "rate_limit_exceeded" : "application_error", message: `fake ${fault.status}` }, headers);
    }
    const bodyHash = createHash("sha256").update(raw).digest("hex");
    const seen = key ? byKey.get(key) : undefined;
    if (seen === "in-progress") return send(409, { statusCode: 409, name: "concurrent_idempotent_requests", message: "Same idempotency key in progress" });
    if (seen && seen.until > Date.now()) {
      if (seen.bodyHash !== bodyHash) return send(409, { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key, different payload" });
      return send(200, seen.answer);
    }
    const recipients = (Array.isArray(body) ? body : [body]).flatMap((e: Email | null) => (e ? ([] as string[]).concat(e.to as string | string[]) : []));
    if (recipients.some((r) => refused.has(r))) return send(422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field" });
    if (req.url !== "/emails/batch" && req.url !== "/emails") return send(404, { statusCode: 404, name: "not_found", message: "no such route" });
    if (req.url === "/emails/batch" && (!Array.isArray(body) || body.length > 100)) {
      return send(422, { statusCode: 422, name: "validation_error", message: "batch must hold 1 to 100 emails" });
    }
    if (key) byKey.set(key, "in-progress");
    if (o.latencyMs) await new Promise((r) => setTimeout(r, o.latencyMs));
    let answer: unknown;
    if (req.url === "/emails/batch") {
      const list = body as Email[];
      delivered.push(...list);
      answer = { data: list.map(() => ({ id: `fake-${++seq}` })) };
    } else {
      delivered.push(body as Email);
      answer = { id: `fake-${++seq}` };
    }
    if (key) byKey.set(key, { bodyHash, answer, until: Date.now() + DAY_MS });
    events.emit("accepted", calls.length);
    if (fault === "accept-then-500") return send(500, { statusCode: 500, name: "application_error", message: "fake lost answer" });
    if (fault === "accept-then-drop") return req.socket.destroy();
    if (fault === "accept-then-hang") return events.emit("held", calls.length);
    send(200, answer);
  });
  await new Promise<void>((r) => server.listen(o.port ?? 0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    delivered,
    events,
    /** How many requests were refused for going over `rateLimit`. */
    rateLimited: () => rateLimited,
    /** The most requests that arrived within any `windowMs` (a sliding window over the arrival times). */
    mostInWindow(windowMs = 1000) {
      const times = calls.map((c) => c.at).sort((a, b) => a - b);
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= windowMs) j++;
        most = Math.max(most, i - j + 1);
      }
      return most;
    },
    /** How many emails each recipient got. */
    perRecipient() {
      const out = new Map<string, number>();
      for (const e of delivered) for (const to of ([] as string[]).concat(e.to)) out.set(to, (out.get(to) ?? 0) + 1);
      return out;
    },
    /** The next requests fail in this order, then the server behaves again. */
    failNext: (...f: Fault[]) => faults.push(...f),
    refuse: (address: string) => void refused.add(address),
    /** From now on, call number n (1-based) fails as `pick(n)` says (null: behaves). */
    chaos: (pick: ((callNo: number) => Fault | null) | null) => void (chaos = pick),
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
