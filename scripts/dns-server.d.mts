// Types for scripts/dns-server.mjs (plain JS so the e2e can run it with `node`).
export type ZoneEntry =
  | { A?: string[]; AAAA?: string[]; CNAME?: string; TXT?: (string | string[])[] }
  | "timeout"
  | "servfail"
  | "refused";
export type Zone = Record<string, ZoneEntry>;
export type DnsServer = {
  port: number;
  /** "127.0.0.1:<port>", for Resolver.setServers / DNS_SERVERS. */
  server: string;
  /** Every question received, in order. */
  queries: { name: string; type: string }[];
  setZone(zone: Zone | (() => Zone)): void;
  close(): Promise<void>;
};
export function startDnsServer(opts?: { port?: number; zone?: Zone | (() => Zone) }): Promise<DnsServer>;
export function zoneFromFile(file: string, log?: (msg: string) => void): (() => Zone) & { reload(): void };
export function answer(
  zone: Map<string, ZoneEntry>,
  qname: string,
  qtype: string,
): { rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED"; answers: unknown[] } | null;
