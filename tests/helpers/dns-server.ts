// A real UDP DNS server on 127.0.0.1 for the custom-domain tests; the code lives in scripts/dns-server.mjs so the
// e2e suite can run the same server with plain `node`.
export { startDnsServer, zoneFromFile } from "../../scripts/dns-server.mjs";
export type { DnsServer, Zone, ZoneEntry } from "../../scripts/dns-server.mjs";
