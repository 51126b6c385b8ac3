// Which address a request came from, decided from the socket and TRUSTED_PROXIES (plain JS: scripts/server.mjs runs
// it with `node`, the tests import it). Nothing here trusts a header unless the peer that sent it is trusted.
import { BlockList, isIP } from "node:net";

/** The header scripts/server.mjs sets on every request (any incoming copy is replaced); lib/request-ip.ts reads it. */
export const CLIENT_IP_HEADER = "x-portal-client-ip";

const NAMED = {
  loopback: [["127.0.0.0", 8, "ipv4"], ["::1", 128, "ipv6"]],
  private: [["10.0.0.0", 8, "ipv4"], ["172.16.0.0", 12, "ipv4"], ["192.168.0.0", 16, "ipv4"], ["fc00::", 7, "ipv6"]],
};

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1; anything that is not an IP is null. */
export function normalizeIp(raw) {
  if (typeof raw !== "string") return null;
  let s = raw.trim();
  if (s.startsWith("[") && s.includes("]")) s = s.slice(1, s.indexOf("]")); // [v6]:port
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":")); // v4:port
  const v4 = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(s);
  if (v4) s = v4[1];
  return isIP(s) ? s.toLowerCase() : null;
}

/**
 * TRUSTED_PROXIES: unset or empty → trust nobody (the socket's address is the client); a number n → the n proxies
 * nearest to us are trusted, whatever their addresses; otherwise a comma-separated list of IPs, CIDRs and the names
 * `loopback` and `private`. Throws with a sentence saying what is wrong, so `npm start` can refuse to start.
 */
export function parseTrustedProxies(value) {
  const raw = (value ?? "").trim();
  if (!raw) return { kind: "none" };
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new Error(`TRUSTED_PROXIES=${raw}: a hop count above 10 is surely a mistake`);
    return hops === 0 ? { kind: "none" } : { kind: "hops", hops };
  }
  const list = new BlockList();
  for (const part of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (NAMED[part]) {
      for (const [net, prefix, type] of NAMED[part]) list.addSubnet(net, prefix, type);
      continue;
    }
    const [addr, bits, extra] = part.split("/");
    const ip = normalizeIp(addr);
    const type = ip && isIP(ip) === 6 ? "ipv6" : "ipv4";
    const max = type === "ipv6" ? 128 : 32;
    const prefix = bits === undefined ? max : /^\d+$/.test(bits) ? Number(bits) : NaN;
    if (!ip || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      throw new Error(`TRUSTED_PROXIES: "${part}" is not an IP address, a CIDR (10.0.0.0/8), "loopback", "private" or a hop count`);
    }
    list.addSubnet(ip, prefix, type);
  }
  return { kind: "list", list };
}

function isTrusted(trust, ip, hop) {
  if (trust.kind === "hops") return hop < trust.hops;
  if (trust.kind === "list") return !!ip && trust.list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
  return false;
}

/**
 * The client's address: walk from the socket leftwards through X-Forwarded-For while each address is a trusted
 * proxy, and stop at the first one that is not (entries further left were written by the client and prove
 * nothing). With nobody trusted that is the socket itself. `trustedPeer` says whether the socket's peer is a
 * trusted proxy, i.e. whether its X-Forwarded-Proto may be believed.
 */
export function resolveClient({ remoteAddress, forwardedFor, trust }) {
  const socket = normalizeIp(remoteAddress);
  const chain = [socket];
  for (const h of [forwardedFor].flat()) {
    if (typeof h !== "string") continue;
    chain.splice(1, 0, ...h.split(",").map((s) => s.trim()).filter(Boolean).reverse());
  }
  // chain[0] is the socket, chain[1] the rightmost X-Forwarded-For entry, and so on leftwards.
  const trustedPeer = isTrusted(trust, socket, 0);
  let i = 0;
  while (i < chain.length - 1 && isTrusted(trust, normalizeIp(chain[i]), i)) i++;
  return { ip: normalizeIp(chain[i]) ?? socket, trustedPeer };
}
