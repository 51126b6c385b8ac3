#!/usr/bin/env node
// A loopback stand-in for the Resend API for the e2e server: /emails and /emails/batch accept mail and answer with
// ids (same idempotency key, same answer), GET /__sent lists what was accepted so a spec can sign a webhook for it.
import { createServer } from "node:http";

const port = Number(process.env.FAKE_RESEND_PORT ?? 3199);
const sent = [];
const byKey = new Map();
let seq = 0;

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const reply = (status, payload) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.method === "GET" && req.url === "/health") return reply(200, { ok: true });
    if (req.method === "GET" && req.url?.startsWith("/__sent")) return reply(200, sent.slice().reverse());
    if (req.method !== "POST") return reply(404, { statusCode: 404, name: "not_found", message: "no such route" });
    const key = req.headers["idempotency-key"];
    if (key && byKey.has(key)) return reply(200, byKey.get(key));
    const accept = (e) => {
      const id = `re_e2e_${Date.now().toString(36)}_${++seq}`;
      sent.push({ id, to: e.to, subject: e.subject, ref: e.headers?.["X-Entity-Ref-ID"] ?? null });
      return { id };
    };
    let answer;
    try {
      const parsed = JSON.parse(body || "null");
      if (req.url === "/emails/batch") answer = { data: parsed.map(accept) };
      else if (req.url === "/emails") answer = accept(parsed);
      else return reply(404, { statusCode: 404, name: "not_found", message: "no such route" });
    } catch {
      return reply(422, { statusCode: 422, name: "validation_error", message: "bad JSON" });
    }
    if (key) byKey.set(key, answer);
    reply(200, answer);
  });
});
server.listen(port, "127.0.0.1", () => console.log(`fake Resend on http://127.0.0.1:${port}`));
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => server.close(() => process.exit(0)));
