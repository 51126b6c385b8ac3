import { eq } from "drizzle-orm";
import { afterAll, beforeEach } from "vitest";
import { GET as askGet } from "@/app/api/tls/ask/route";
import type { Db } from "@/lib/db";
import { domains } from "@/lib/db/schema";
import { clearHostCache } from "@/lib/tenancy/resolve";
import { useAppTestDb, type TestDb } from "./db";
import { startDnsServer, type DnsServer, type Zone } from "./dns-server";

export const TARGET = "cname.portals.test";
export const IP = "203.0.113.10";

/**
 * The world the custom-domain tests run in: a fresh database the app also reads, a real DNS server on loopback that
 * answers from the test file's `zone()` (reset before each test to just our CNAME target), and the platform settings
 * the records are checked against. `receive` gets the database and the DNS server before the tests run.
 */
export function useDomainWorld(o: { zone: () => Zone; reset: () => void; receive: (t: TestDb, dns: DnsServer) => void }) {
  let dns: DnsServer | undefined;
  const saved = { ...process.env };
  useAppTestDb(async (t) => {
    dns = await startDnsServer();
    Object.assign(process.env, {
      PORTAL_CNAME_TARGET: TARGET,
      PORTAL_A_RECORD: IP,
      PORTAL_ROOT_DOMAIN: "portals.test",
      APP_URL: "https://app.portals.test",
    });
    o.receive(t, dns);
  });
  afterAll(() => {
    process.env = saved;
    dns?.close();
  });
  beforeEach(() => {
    o.reset();
    dns!.setZone(o.zone);
    clearHostCache();
  });
}

/** A domain row as stored. */
export const domainRow = async (db: Db, id: string) => (await db.select().from(domains).where(eq(domains.id, id)))[0];

/** The TLS `ask` endpoint's answer for a hostname, as Caddy would get it. */
export const askTls = async (domain: string) =>
  (await askGet(new Request(`http://127.0.0.1:3000/api/tls/ask?domain=${encodeURIComponent(domain)}`))).status;

