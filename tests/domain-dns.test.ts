import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promises as dns } from "node:dns";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkDomainDns, dnsServers, type DnsExpectation } from "@/lib/domains/dns-check";
import { startDnsServer, type DnsServer, type Zone } from "./helpers/dns-server";

const TARGET = "cname.portals.test";
const OURS = "203.0.113.10";
const TOKEN = "pv-3f9a1c";
const EDGE_IP = "198.51.100.7"; // what the CNAME target itself resolves to

let server: DnsServer;
beforeAll(async () => {
  server = await startDnsServer();
});
afterAll(() => server.close());

const sub = (hostname = "portal.acme.test"): DnsExpectation => ({
  hostname,
  kind: "subdomain",
  txt: { name: `_portal-verification.${hostname}`, value: TOKEN },
  cnameTarget: TARGET,
  aRecords: [OURS],
});
const apex = (hostname = "acme.test"): DnsExpectation => ({ ...sub(hostname), kind: "apex" });

/** The zone every test starts from: our CNAME target exists, plus whatever the test adds. */
const check = (zone: Zone, exp: DnsExpectation, opts: Parameters<typeof checkDomainDns>[1] = {}) => {
  server.setZone({ [TARGET]: { A: [EDGE_IP] }, ...zone });
  return checkDomainDns(exp, { servers: [server.server], ...opts });
};
const verification = (host: string) => ({ [`_portal-verification.${host}`]: { TXT: [TOKEN] } });

describe("a subdomain", () => {
  test("a CNAME to the target and the TXT token: ownership and routing ok", async () => {
    const r = await check({ "portal.acme.test": { CNAME: TARGET }, ...verification("portal.acme.test") }, sub());
    expect(r).toMatchObject({ ownership: "ok", routing: "ok", transient: false });
    expect(r.records).toEqual([
      { type: "TXT", name: "_portal-verification.portal.acme.test", expected: [TOKEN], status: "found", found: [TOKEN] },
      { type: "CNAME", name: "portal.acme.test", expected: [TARGET], status: "found", found: [TARGET] },
    ]);
  });

  test("a CNAME chain of two hops that ends at the target is ok", async () => {
    const r = await check(
      { "portal.acme.test": { CNAME: "edge.acme.test" }, "edge.acme.test": { CNAME: TARGET }, ...verification("portal.acme.test") },
      sub(),
    );
    expect(r.routing).toBe("ok");
    expect(r.records[1]).toMatchObject({ status: "found", found: ["edge.acme.test", TARGET] });
  });

  test("case and trailing dots do not matter", async () => {
    const r = await check(
      { "Portal.ACME.test.": { CNAME: "CNAME.Portals.TEST." }, "_PORTAL-verification.portal.acme.test": { TXT: [` ${TOKEN} `] } },
      { ...sub(), cnameTarget: "cname.portals.test." },
    );
    expect(r).toMatchObject({ ownership: "ok", routing: "ok", transient: false });
  });

  test("no TXT record: ownership missing, with the value to add", async () => {
    const r = await check({ "portal.acme.test": { CNAME: TARGET } }, sub());
    expect(r).toMatchObject({ ownership: "missing", routing: "ok", transient: false });
    expect(r.records[0]).toMatchObject({ type: "TXT", status: "missing", found: [] });
    expect(r.records[0].detail).toContain(`"${TOKEN}"`);
    expect(r.records[0].detail).toContain("48 hours");
  });

  test("a TXT record with another value: wrong, showing what was found", async () => {
    const r = await check(
      { "portal.acme.test": { CNAME: TARGET }, "_portal-verification.portal.acme.test": { TXT: ["pv-old", "v=spf1 -all"] } },
      sub(),
    );
    expect(r.ownership).toBe("wrong");
    expect(r.records[0]).toMatchObject({ status: "wrong", found: ["pv-old", "v=spf1 -all"] });
    expect(r.records[0].detail).toBe(
      `Found "pv-old", "v=spf1 -all" at _portal-verification.portal.acme.test; expected "${TOKEN}". Replace the old value.`,
    );
  });

  test("TXT chunks are joined, and a match among several TXT records is enough", async () => {
    const r = await check(
      { "portal.acme.test": { CNAME: TARGET }, "_portal-verification.portal.acme.test": { TXT: ["other", ["pv-", "3f9a1c"]] } },
      sub(),
    );
    expect(r.ownership).toBe("ok");
    expect(r.records[0].found).toEqual(["other", TOKEN]);
  });

  test("a TXT value pasted with its quotes is wrong and says to remove them", async () => {
    const r = await check({ "portal.acme.test": { CNAME: TARGET }, "_portal-verification.portal.acme.test": { TXT: [`"${TOKEN}"`] } }, sub());
    expect(r.ownership).toBe("wrong");
    expect(r.records[0].detail).toContain("Remove the quotes");
  });

  test("the host does not exist (NXDOMAIN): routing missing, not transient", async () => {
    const r = await check(verification("portal.acme.test"), sub());
    expect(r).toMatchObject({ ownership: "ok", routing: "missing", transient: false });
    expect(r.records[1]).toMatchObject({ type: "CNAME", status: "missing", found: [] });
    expect(r.records[1].detail).toBe(
      `No CNAME record for portal.acme.test yet. Add a CNAME pointing to ${TARGET}. DNS changes can take minutes, sometimes up to 48 hours.`,
    );
  });

  test("a CNAME somewhere else is wrong and names it", async () => {
    const r = await check({ "portal.acme.test": { CNAME: "old-host.example" }, "old-host.example": { A: ["192.0.2.44"] } }, sub());
    expect(r.routing).toBe("wrong");
    expect(r.records[1]).toMatchObject({ status: "wrong", found: ["old-host.example"] });
    expect(r.records[1].detail).toBe(`portal.acme.test is a CNAME to old-host.example; change it to ${TARGET}.`);
  });

  test("an A record instead of the CNAME is wrong, unless it is exactly our addresses", async () => {
    const foreign = await check({ "portal.acme.test": { A: ["192.0.2.44"] } }, sub());
    expect(foreign.routing).toBe("wrong");
    expect(foreign.records[1]).toMatchObject({ type: "CNAME", status: "wrong", found: ["192.0.2.44"] });
    expect(foreign.records[1].detail).toBe(`portal.acme.test points to 192.0.2.44 with an A record; use a CNAME to ${TARGET} instead.`);

    const ours = await check({ "portal.acme.test": { A: [OURS] } }, sub());
    expect(ours.routing).toBe("ok");
    expect(ours.records[1]).toMatchObject({ status: "found", found: [OURS] });
  });

  test("a CNAME and A records at the same name: conflict", async () => {
    const r = await check({ "portal.acme.test": { CNAME: TARGET, A: ["192.0.2.99"] }, ...verification("portal.acme.test") }, sub());
    expect(r).toMatchObject({ ownership: "ok", routing: "conflict", transient: false });
    const conflict = r.records.find((c) => c.status === "conflict");
    expect(conflict).toMatchObject({ type: "A", name: "portal.acme.test", found: ["192.0.2.99"] });
    expect(conflict?.detail).toContain("Use either the A record or the CNAME, not both");
  });

  test("a CNAME loop is wrong, not an endless walk", async () => {
    const r = await check({ "portal.acme.test": { CNAME: "b.acme.test" }, "b.acme.test": { CNAME: "portal.acme.test" } }, sub());
    expect(r).toMatchObject({ routing: "wrong", transient: false });
    expect(r.records[1].detail).toContain("loop");
  });

  test("a redirect companion (no TXT asked) gets only its routing record", async () => {
    const r = await check({ "www.acme.test": { CNAME: TARGET } }, { ...sub("www.acme.test"), txt: undefined });
    expect(r).toMatchObject({ ownership: "ok", routing: "ok", transient: false });
    expect(r.records.map((c) => c.type)).toEqual(["CNAME"]);
  });

  test("fixing a record between two checks shows on the next check", async () => {
    const zone: Zone = { "portal.acme.test": { CNAME: "old-host.example" }, "old-host.example": { A: ["192.0.2.44"] } };
    expect((await check(zone, sub())).routing).toBe("wrong");
    zone["portal.acme.test"] = { CNAME: TARGET };
    Object.assign(zone, verification("portal.acme.test"));
    expect(await check(zone, sub())).toMatchObject({ ownership: "ok", routing: "ok", transient: false });
  });
});

describe("an apex domain", () => {
  test("an A record to our address is ok", async () => {
    const r = await check({ "acme.test": { A: [OURS] }, ...verification("acme.test") }, apex());
    expect(r).toMatchObject({ ownership: "ok", routing: "ok", transient: false });
    expect(r.records[1]).toEqual({ type: "A", name: "acme.test", expected: [OURS], status: "found", found: [OURS] });
  });

  test("a stray extra A record is wrong and names the stray address", async () => {
    const r = await check({ "acme.test": { A: [OURS, "192.0.2.80"] } }, apex());
    expect(r.routing).toBe("wrong");
    expect(r.records[1]).toMatchObject({ status: "wrong", found: [OURS, "192.0.2.80"] });
    expect(r.records[1].detail).toContain("192.0.2.80");
    expect(r.records[1].detail).not.toContain(`${OURS},`);
  });

  test("no A record: missing, saying which address to add", async () => {
    const r = await check({ "acme.test": { TXT: ["v=spf1 -all"] } }, apex());
    expect(r.routing).toBe("missing");
    expect(r.records[1].detail).toContain(`an A record to ${OURS}`);
  });

  test("a CNAME at the apex that leads to the target is accepted", async () => {
    const r = await check({ "acme.test": { CNAME: TARGET } }, apex());
    expect(r.routing).toBe("ok");
    expect(r.records[1]).toMatchObject({ type: "A", status: "found", found: [EDGE_IP] });
  });

  test("with no configured A address, a flattened CNAME (the target's addresses) is ok", async () => {
    const r = await check({ "acme.test": { A: [EDGE_IP] } }, { ...apex(), aRecords: [] });
    expect(r.routing).toBe("ok");
    const foreign = await check({ "acme.test": { A: ["192.0.2.80"] } }, { ...apex(), aRecords: [] });
    expect(foreign.routing).toBe("wrong");
  });

  test("a CNAME and A records at the apex: conflict", async () => {
    const r = await check({ "acme.test": { CNAME: TARGET, A: [OURS] } }, apex());
    expect(r.routing).toBe("conflict");
    expect(r.records.find((c) => c.status === "conflict")?.detail).toContain("Use either the A record or the CNAME, not both");
  });
});

describe("lookups that tell nothing", () => {
  test("a server that never answers: unknown and transient, within the timeout", async () => {
    const started = Date.now();
    const r = await check({ "portal.acme.test": "timeout", "_portal-verification.portal.acme.test": "timeout" }, sub(), {
      timeoutMs: 100,
      tries: 1,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r).toMatchObject({ ownership: "unknown", routing: "unknown", transient: true });
    expect(r.records.map((c) => c.status)).toEqual(["error", "error"]);
    expect(r.records[0].detail).toContain("did not answer in time");
  });

  test("SERVFAIL is transient", async () => {
    const r = await check({ "portal.acme.test": "servfail", ...verification("portal.acme.test") }, sub());
    expect(r).toMatchObject({ ownership: "ok", routing: "unknown", transient: true });
    expect(r.records[1]).toMatchObject({ status: "error" });
    expect(r.records[1].detail).toContain("SERVFAIL");
  });

  test("REFUSED is transient", async () => {
    const r = await check({ "_portal-verification.portal.acme.test": "refused", "portal.acme.test": { CNAME: TARGET } }, sub());
    expect(r).toMatchObject({ ownership: "unknown", routing: "ok", transient: true });
    expect(r.records[0].detail).toContain("refused");
  });

  test("a timeout halfway along a CNAME chain is transient", async () => {
    const r = await check({ "portal.acme.test": { CNAME: "edge.acme.test" }, "edge.acme.test": "timeout" }, sub(), {
      timeoutMs: 100,
      tries: 1,
    });
    expect(r).toMatchObject({ routing: "unknown", transient: true });
  });

  test("no DNS server listening (connection refused) is transient", async () => {
    const gone = await startDnsServer();
    await gone.close();
    const r = await checkDomainDns(sub(), { servers: [gone.server], timeoutMs: 200, tries: 1 });
    expect(r).toMatchObject({ ownership: "unknown", routing: "unknown", transient: true });
  });

  test("the whole check stops at its deadline", async () => {
    const started = Date.now();
    const r = await check({ "portal.acme.test": "timeout" }, sub(), { timeoutMs: 5_000, tries: 2, deadlineMs: 200 });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(r).toMatchObject({ routing: "unknown", transient: true });
    expect(r.records[1].detail).toContain("took too long");
  });
});

describe("dnsServers()", () => {
  test("parses addresses with ports, spaces and bracketed IPv6", () => {
    expect(dnsServers(undefined)).toBeUndefined();
    expect(dnsServers("  ")).toBeUndefined();
    expect(dnsServers("127.0.0.1:5353,10.0.0.2")).toEqual(["127.0.0.1:5353", "10.0.0.2"]);
    expect(dnsServers(" 127.0.0.1:5353 , 10.0.0.2 ,, [::1]:53, [2001:db8::1], ::1 ")).toEqual([
      "127.0.0.1:5353",
      "10.0.0.2",
      "[::1]:53",
      "[2001:db8::1]",
      "::1",
    ]);
  });

  test("Node's resolver takes what it returns", () => {
    const r = new dns.Resolver();
    r.setServers(dnsServers("127.0.0.1:5353, [::1]:5353, [::2], 10.0.0.2:53")!);
    expect(r.getServers()).toEqual(["127.0.0.1:5353", "[::1]:5353", "::2", "10.0.0.2"]);
  });

  test("a host name or a bad port is a configuration error, not silently the system resolver", () => {
    expect(() => dnsServers("dns.example.net")).toThrow(/DNS_SERVERS/);
    expect(() => dnsServers("127.0.0.1:99999")).toThrow(/DNS_SERVERS/);
    expect(() => dnsServers("127.0.0.1:")).toThrow(/DNS_SERVERS/);
  });

  test("reads DNS_SERVERS by default", () => {
    const before = process.env.DNS_SERVERS;
    process.env.DNS_SERVERS = "127.0.0.1:5353";
    try {
      expect(dnsServers()).toEqual(["127.0.0.1:5353"]);
    } finally {
      if (before === undefined) delete process.env.DNS_SERVERS;
      else process.env.DNS_SERVERS = before;
    }
  });
});

describe("the standalone server (scripts/dns-server.mjs)", () => {
  test("serves a zone file and picks up a rewritten file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dns-zone-"));
    const file = path.join(dir, "zone.json");
    writeFileSync(file, JSON.stringify({ [TARGET]: { A: [EDGE_IP] }, "portal.acme.test": { CNAME: "old-host.example" } }));
    const child = spawn(process.execPath, ["scripts/dns-server.mjs", "--zone", file, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          const m = /listening on (\S+)/.exec(d.toString());
          if (m) resolve(m[1]);
        });
        child.once("exit", (code) => reject(new Error(`dns-server exited with ${code}`)));
      });
      const exp = { ...sub(), txt: undefined };
      expect((await checkDomainDns(exp, { servers: [address] })).routing).toBe("wrong");
      writeFileSync(file, JSON.stringify({ [TARGET]: { A: [EDGE_IP] }, "portal.acme.test": { CNAME: TARGET } }));
      expect((await checkDomainDns(exp, { servers: [address] })).routing).toBe("ok");
    } finally {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
