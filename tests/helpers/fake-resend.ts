import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Email = { from: string; to: string[]; subject: string; text?: string; html?: string; headers?: Record<string, string> };
export type RecordedCall = { path: string; idempotencyKey: string | null; auth: string | null; body: Email | Email[] };
type Fault = { status: number; retryAfter?: number } | "hang";

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
    const fault = faults.shift();
    if (fault === "hang") return; // never answers: the client's timeout is what is under test
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (fault) {
      const headers: Record<string, string> = fault.retryAfter ? { "retry-after": String(fault.retryAfter) } : {};
      return send(fault.status, { statusCode: fault.status, name: fault.status === 429 ? "rate_limit_exceeded" : "application_error", message: `fake ${fault.status}` }, headers);
    }
    if (key && byKey.has(key)) return send(200, byKey.get(key));
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
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
