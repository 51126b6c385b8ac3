import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FlowRecipient = { mobiles: string; [k: string]: string };
export type FlowCall = {
  method: string;
  path: string;
  authkey: string | null;
  contentType: string | null;
  body: { template_id?: unknown; short_url?: unknown; recipients?: unknown } | null;
  at: number;
};
/** A request MSG91 took: its request id, template and recipients. */
export type Accepted = { requestId: string; templateId: string; recipients: FlowRecipient[]; at: number };

/**
 * How the next request goes wrong: an MSG91 error code (answered `{ type: "error", message, code }` with the given
 * HTTP status, 400 by default), a bare HTTP status (5xx with an HTML body, as a proxy in front of MSG91 would),
 * "hang" (never answers), { delayMs } (answers, late), or "accept-then-drop" (takes the request, then cuts the
 * connection: the answer is lost).
 */
export type Msg91Fault = { code: string; httpStatus?: number; message?: string } | { status: number } | "hang" | { delayMs: number } | "accept-then-drop";

const MESSAGES: Record<string, string> = {
  "203": "Invalid sender id or DLT entity id",
  "207": "Authentication failure",
  "301": "Insufficient balance",
  "311": "Same text to the same number within 10 seconds",
  "418": "IP not whitelisted",
};

/**
 * A loopback stand-in for MSG91's Flow API (POST /api/v5/flow). It checks the exact request shape our client must
 * send (method, path, `authkey` header, JSON content type, `template_id`, `short_url: "0"`, 1..100 recipients with
 * `mobiles` as 91 + 10 digits and string variables), records a `problem` for anything else and refuses it, and can
 * answer each of MSG91's error codes, 5xx, slow answers and lost answers. With `sameTextWindowMs`, a recipient sent
 * the same template and variables within that window is refused with 311, as MSG91 does within 10 s.
 */
export async function startFakeMsg91(o: { authKey?: string; sameTextWindowMs?: number; port?: number } = {}) {
  const authKey = o.authKey ?? "msg91-test-key";
  const calls: FlowCall[] = [];
  const accepted: Accepted[] = [];
  const problems: string[] = [];
  const faults: Msg91Fault[] = [];
  const events = new EventEmitter();
  const lastSent = new Map<string, number>();
  let seq = 0;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let b = "";
      req.on("data", (c) => (b += c));
      req.on("end", () => resolve(b));
    });
  const server: Server = createServer(async (req, res) => {
    const at = Date.now();
    const raw = await read(req);
    let body: FlowCall["body"] = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    const call: FlowCall = { method: req.method ?? "", path: req.url ?? "", authkey: (req.headers.authkey as string) ?? null, contentType: req.headers["content-type"] ?? null, body, at };
    calls.push(call);
    const send = (status: number, payload: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    const refuse = (problem: string, status = 400) => {
      problems.push(problem);
      send(status, { type: "error", message: problem });
    };
    if (call.method !== "POST") return refuse(`method ${call.method}, expected POST`, 405);
    if (call.path !== "/api/v5/flow") return refuse(`path ${call.path}, expected /api/v5/flow`, 404);
    if (!call.contentType?.startsWith("application/json")) return refuse(`content-type ${call.contentType}, expected application/json`);
    if (call.authkey !== authKey) {
      problems.push(`authkey ${call.authkey ?? "(missing)"}`);
      return send(401, { type: "error", message: MESSAGES["207"], code: "207" });
    }
    if (!body || typeof body !== "object") return refuse("body is not a JSON object");
    const extra = Object.keys(body).filter((k) => !["template_id", "short_url", "recipients"].includes(k));
    if (extra.length) return refuse(`unexpected body fields: ${extra.join(", ")}`);
    if (typeof body.template_id !== "string" || !body.template_id) return refuse("template_id missing");
    if (body.short_url !== "0") return refuse(`short_url ${JSON.stringify(body.short_url)}, expected "0"`);
    const recipients = body.recipients;
    if (!Array.isArray(recipients) || recipients.length < 1 || recipients.length > 100) return refuse("recipients must hold 1 to 100 entries");
    for (const r of recipients as Record<string, unknown>[]) {
      if (!r || typeof r !== "object") return refuse("a recipient is not an object");
      if (typeof r.mobiles !== "string" || !/^91[6-9]\d{9}$/.test(r.mobiles)) return refuse(`mobiles ${JSON.stringify(r.mobiles)}, expected 91 and 10 digits`);
      for (const [k, v] of Object.entries(r)) if (typeof v !== "string") return refuse(`variable ${k} is not a string`);
    }
    const fault = faults.shift();
    if (fault === "hang") return events.emit("hung", calls.length);
    if (fault && typeof fault === "object" && "delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && typeof fault === "object" && "code" in fault) {
      return send(fault.httpStatus ?? 400, { type: "error", message: fault.message ?? MESSAGES[fault.code] ?? "error", code: fault.code });
    }
    if (fault && typeof fault === "object" && "status" in fault) {
      res.writeHead(fault.status, { "content-type": "text/html" });
      return res.end(`<html><body>${fault.status} from the fake gateway</body></html>`);
    }
    const list = recipients as FlowRecipient[];
    if (o.sameTextWindowMs) {
      const dup = list.some((r) => (lastSent.get(`${body!.template_id}|${JSON.stringify(r)}`) ?? -Infinity) > at - o.sameTextWindowMs!);
      if (dup) return send(400, { type: "error", message: MESSAGES["311"], code: "311" });
    }
    for (const r of list) lastSent.set(`${body.template_id}|${JSON.stringify(r)}`, at);
    const requestId = `3${String(++seq).padStart(5, "0")}6b7a${Math.random().toString(16).slice(2, 10)}`;
    accepted.push({ requestId, templateId: body.template_id, recipients: list, at });
    events.emit("accepted", requestId);
    if (fault === "accept-then-drop") return req.socket.destroy();
    send(200, { type: "success", message: requestId });
  });
  await new Promise<void>((r) => server.listen(o.port ?? 0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authKey,
    calls,
    accepted,
    problems,
    events,
    /** How many SMS each number got. */
    perNumber() {
      const out = new Map<string, number>();
      for (const a of accepted) for (const r of a.recipients) out.set(r.mobiles, (out.get(r.mobiles) ?? 0) + 1);
      return out;
    },
    /** The next requests (that pass the shape checks) fail in this order, then the server behaves again. */
    failNext: (...f: Msg91Fault[]) => void faults.push(...f),
    reset() {
      calls.length = 0;
      accepted.length = 0;
      problems.length = 0;
      faults.length = 0;
      lastSent.clear();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
