import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Email = { from: string; to: string[]; subject: string; text?: string; html?: string; headers?: Record<string, string> };
export type RecordedCall = { path: string; idempotencyKey: string | null; auth: string | null; body: Email | Email[] };
type Fault = { status: number; retryAfter?: number } | "hang" | "accept-then-500";

/**
 * A loopback stand-in for the Resend API (`/emails`, `/emails/batch`) that records what it gets, remembers
 * idempotency keys like the real one (same key → same answer, nothing sent twice), and fails on demand.
 */
export async function startFakeResend() {
  const calls: RecordedCall[] = [];
  const delivered: Email[] = [];
  const byKey = new Map<string, unknown>();
  const faults: Fault[] = [];
  let seq = 0;
  let chaos: ((callNo: number) => Fault | null) | null = null;
  // Addresses Resend refuses (422): a batch holding one is refused whole, as the real API does.
  const refused = new Set<string>();
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let b = "";
      req.on("data", (c) => (b += c));
      req.on("end", () => resolve(b));
    });
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse((await read(req)) || "null");
    const key = (req.headers["idempotency-key"] as string) ?? null;
    calls.push({ path: req.url ?? "", idempotencyKey: key, auth: (req.headers.authorization as string) ?? null, body });
    const fault = faults.shift() ?? chaos?.(calls.length) ?? undefined;
    if (fault === "hang") return; // never answers: the client's timeout is what is under test
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (fault && fault !== "accept-then-500") {
      const headers: Record<string, string> = fault.retryAfter ? { "retry-after": String(fault.retryAfter) } : {};
      return send(fault.status, { statusCode: fault.status, name: fault.status === 429 ? "rate_limit_exceeded" : "application_error", message: `fake ${fault.status}` }, headers);
    }
    if (key && byKey.has(key)) return send(200, byKey.get(key));
    const recipients = (Array.isArray(body) ? body : [body]).flatMap((e: Email | null) => (e ? ([] as string[]).concat(e.to as string | string[]) : []));
    if (recipients.some((r) => refused.has(r))) return send(422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field" });
    let answer: unknown;
    if (req.url === "/emails/batch") {
      const list = body as Email[];
      if (!Array.isArray(list) || list.length > 100) return send(422, { statusCode: 422, name: "validation_error", message: "batch must hold 1 to 100 emails" });
      delivered.push(...list);
      answer = { data: list.map(() => ({ id: `fake-${++seq}` })) };
    } else if (req.url === "/emails") {
      delivered.push(body as Email);
      answer = { id: `fake-${++seq}` };
    } else return send(404, { statusCode: 404, name: "not_found", message: "no such route" });
    if (key) byKey.set(key, answer);
    // Accepted and sent, but the answer is lost: the client must retry with the same key and send nothing twice.
    if (fault === "accept-then-500") return send(500, { statusCode: 500, name: "application_error", message: "fake lost answer" });
    send(200, answer);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    delivered,
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
