// How scripts/server.mjs decides a request's client address (over real HTTP in e2e/edge.spec.ts): the socket, unless
// the socket's peer is a trusted proxy; then the rightmost X-Forwarded-For entry that is not a trusted proxy.
import { describe, expect, test } from "vitest";
import { CLIENT_IP_HEADER as SERVER_HEADER, normalizeIp, parseTrustedProxies, resolveClient } from "@/scripts/client-address.mjs";
import { CLIENT_IP_HEADER, ipLimitKey } from "@/lib/request-ip";

const client = (trusted: string | undefined, remoteAddress: string, forwardedFor?: string | string[]) =>
  resolveClient({ remoteAddress, forwardedFor, trust: parseTrustedProxies(trusted) });

test("with no trusted proxy, X-Forwarded-For is ignored: the socket is the client, whatever the header says", () => {
  expect(client(undefined, "198.51.100.7", "1.2.3.4")).toEqual({ ip: "198.51.100.7", trustedPeer: false });
  expect(client("", "::ffff:198.51.100.7", "1.2.3.4, 5.6.7.8")).toEqual({ ip: "198.51.100.7", trustedPeer: false });
  expect(client("0", "2001:db8::1")).toEqual({ ip: "2001:db8::1", trustedPeer: false });
});

test("a trusted proxy's entry is believed; entries the client wrote to its left are not", () => {
  // Caddy on loopback appended the address it saw; the client had sent "6.6.6.6" itself.
  expect(client("loopback", "127.0.0.1", "6.6.6.6, 203.0.113.9")).toEqual({ ip: "203.0.113.9", trustedPeer: true });
  // Two proxies in a private network: the load balancer (10.0.0.2) and Caddy (10.0.0.3, the socket).
  expect(client("10.0.0.0/8", "10.0.0.3", "6.6.6.6, 203.0.113.9, 10.0.0.2")).toMatchObject({ ip: "203.0.113.9" });
  expect(client("10.0.0.0/8", "10.0.0.3", ["6.6.6.6", "203.0.113.9, 10.0.0.2"])).toMatchObject({ ip: "203.0.113.9" });
  // A peer outside the list is the client, even when it sends a header.
  expect(client("10.0.0.0/8", "198.51.100.7", "203.0.113.9")).toEqual({ ip: "198.51.100.7", trustedPeer: false });
  // Trusted, but nothing forwarded: the proxy itself is all we know.
  expect(client("loopback", "::1")).toEqual({ ip: "::1", trustedPeer: true });
});

test("a hop count trusts that many proxies from the socket leftwards", () => {
  expect(client("1", "192.0.2.1", "6.6.6.6, 203.0.113.9")).toMatchObject({ ip: "203.0.113.9", trustedPeer: true });
  expect(client("2", "192.0.2.1", "6.6.6.6, 203.0.113.9, 192.0.2.2")).toMatchObject({ ip: "203.0.113.9" });
});

test("garbage where the proxy's entry should be falls back to the socket, never to a client-chosen string", () => {
  expect(client("loopback", "127.0.0.1", "not-an-ip")).toMatchObject({ ip: "127.0.0.1" });
  expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8::1");
  expect(normalizeIp("203.0.113.9:5000")).toBe("203.0.113.9");
  expect(normalizeIp("<script>")).toBeNull();
});

test("a TRUSTED_PROXIES value that is not an address, a CIDR, a name or a small count stops the server with a reason", () => {
  expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/"10.0.0.0\/33" is not an IP address, a CIDR/);
  expect(() => parseTrustedProxies("caddy")).toThrow(/TRUSTED_PROXIES/);
  expect(() => parseTrustedProxies("25")).toThrow(/hop count/);
  expect(parseTrustedProxies("127.0.0.1, ::1, private").kind).toBe("list");
});

test("the server and lib/request-ip.ts name the same header", () => {
  expect(SERVER_HEADER).toBe(CLIENT_IP_HEADER);
});

describe("per-IP limits count an IPv6 client by its /64", () => {
  test.each([
    ["2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd:12::/64"],
    ["2001:db8:abcd:12:ffff:ffff:ffff:ffff", "2001:db8:abcd:12::/64"],
    ["2001:0db8:0000:0012::1", "2001:db8:0:12::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["203.0.113.9", "203.0.113.9"],
  ])("%s counts as %s", (ip, key) => {
    expect(ipLimitKey(ip)).toBe(key);
  });
  test("no address is one shared bucket", () => {
    expect(ipLimitKey(null)).toBe("unknown");
  });
});
