#!/usr/bin/env node
// A tiny DNS server on 127.0.0.1 (UDP) that answers from a zone you give it, for the custom-domain tests and e2e.
// It answers like a recursive resolver would: an A/TXT query on a CNAME name gets the chain plus the end's records.
//
// Zone: { "<name>": entry }, names case-insensitive, trailing dot ignored. An entry is
//   { A?: string[], AAAA?: string[], CNAME?: string, TXT?: (string | string[])[] }  (a TXT item: one string, or its chunks)
//   or "timeout" (never answered), "servfail", "refused". Any name not in the zone is NXDOMAIN; a name in the zone
//   without records of the asked type is NODATA. A name with both CNAME and A (a broken zone) answers an A query
//   with its own A records and a CNAME query with the CNAME, as a careless authoritative server does.
//
// Standalone: `node scripts/dns-server.mjs --zone zone.json [--port 5353]` prints `dns-server listening on
// 127.0.0.1:<port>`; the file is re-read whenever it changes (and on SIGHUP); a half-written file keeps the last zone.
import dgram from "node:dgram";
import { readFileSync, statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import dnsPacket from "dns-packet";

const TTL = 60;
const MAX_CHAIN = 16;
const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 }; // dns-packet encodes the rcode only from `flags`

const norm = (name) => String(name).toLowerCase().replace(/\.+$/, "");

/** The zone with lower-cased keys, so lookups are case-insensitive. */
function indexZone(zone) {
  const out = new Map();
  for (const [name, entry] of Object.entries(zone ?? {})) out.set(norm(name), entry);
  return out;
}

/** A TXT item as the chunks a TXT record carries (a single string longer than 255 bytes is split). */
function txtChunks(item) {
  if (Array.isArray(item)) return item.map((c) => Buffer.from(String(c)));
  const buf = Buffer.from(String(item));
  const chunks = [];
  for (let i = 0; i < buf.length || i === 0; i += 255) chunks.push(buf.subarray(i, i + 255));
  return chunks;
}

/** The records of `type` sitting directly at a zone entry, as dns-packet answers owned by `owner`. */
function recordsAt(entry, type, owner) {
  const rr = (t, data) => ({ type: t, name: owner, class: "IN", ttl: TTL, data });
  const out = [];
  const want = (t) => type === t || type === "ANY";
  if (want("A")) for (const ip of entry.A ?? []) out.push(rr("A", ip));
  if (want("AAAA")) for (const ip of entry.AAAA ?? []) out.push(rr("AAAA", ip));
  if (want("TXT")) for (const item of entry.TXT ?? []) out.push(rr("TXT", txtChunks(item)));
  if (want("CNAME") && entry.CNAME) out.push(rr("CNAME", entry.CNAME));
  return out;
}

/**
 * What the server says to one question: `null` = stay silent (the client times out), otherwise an rcode and answers.
 * Exported for unit use; the socket code below only encodes it.
 */
export function answer(zone, qname, qtype) {
  const answers = [];
  let owner = qname;
  for (let hop = 0; hop <= MAX_CHAIN; hop++) {
    const entry = zone.get(norm(owner));
    if (entry === undefined) return { rcode: "NXDOMAIN", answers };
    if (entry === "timeout") return null;
    if (entry === "servfail") return { rcode: "SERVFAIL", answers: [] };
    if (entry === "refused") return { rcode: "REFUSED", answers: [] };
    const direct = recordsAt(entry, qtype, owner);
    if (direct.length > 0 || !entry.CNAME) return { rcode: "NOERROR", answers: [...answers, ...direct] };
    answers.push(...recordsAt(entry, "CNAME", owner));
    owner = entry.CNAME;
  }
  return { rcode: "SERVFAIL", answers: [] }; // a CNAME loop: what a recursive resolver says
}

/**
 * Starts the server on 127.0.0.1. `zone` is an object or a function returning one (called on every query, so the
 * standalone script can re-read its file). `port` 0 (the default) picks a free port.
 */
export async function startDnsServer({ port = 0, zone = {} } = {}) {
  let current = typeof zone === "function" ? zone : indexZone(zone);
  const queries = [];
  const socket = dgram.createSocket("udp4");

  socket.on("message", (msg, rinfo) => {
    let query;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: ignore, as real servers do
    }
    const question = query.questions?.[0];
    if (!question || query.type !== "query") return;
    queries.push({ name: question.name, type: question.type });
    const z = typeof current === "function" ? indexZone(current()) : current;
    const result = answer(z, question.name, question.type);
    if (result === null) return;
    const response = dnsPacket.encode({
      type: "response",
      id: query.id,
      flags:
        (query.flags & dnsPacket.RECURSION_DESIRED) |
        dnsPacket.RECURSION_AVAILABLE |
        dnsPacket.AUTHORITATIVE_ANSWER |
        RCODES[result.rcode],
      questions: [question],
      answers: result.answers,
    });
    socket.send(response, rinfo.port, rinfo.address);
  });

  await new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, "127.0.0.1", () => {
      socket.off("error", reject);
      resolve();
    });
  });
  const bound = socket.address().port;

  return {
    port: bound,
    /** For `Resolver.setServers` / DNS_SERVERS. */
    server: `127.0.0.1:${bound}`,
    /** Every question received, in order (name as asked, type). */
    queries,
    /** Replaces the zone; the next query sees it. */
    setZone(next) {
      current = typeof next === "function" ? next : indexZone(next);
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** A zone loader for a JSON file: re-reads it when its mtime or size changes, keeps the last good zone on a bad read. */
export function zoneFromFile(file, log = console.error) {
  let zone = {};
  let seen = "";
  const load = (force) => {
    try {
      const st = statSync(file);
      const stamp = `${st.mtimeMs}:${st.size}`;
      if (!force && stamp === seen) return;
      zone = JSON.parse(readFileSync(file, "utf8"));
      seen = stamp;
    } catch (e) {
      log(`dns-server: keeping the previous zone, could not read ${file}: ${e.message}`);
    }
  };
  load(true);
  const get = () => {
    load(false);
    return zone;
  };
  get.reload = () => load(true);
  return get;
}

async function main() {
  const { values } = parseArgs({ options: { zone: { type: "string" }, port: { type: "string", default: "0" } } });
  if (!values.zone) {
    console.error("usage: node scripts/dns-server.mjs --zone zone.json [--port 5353]");
    process.exit(2);
  }
  const zone = zoneFromFile(values.zone);
  const server = await startDnsServer({ port: Number(values.port), zone });
  process.on("SIGHUP", () => zone.reload());
  const stop = () => server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(`dns-server listening on ${server.server}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
