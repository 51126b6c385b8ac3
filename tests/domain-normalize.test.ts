// What an admin may type as a custom domain, and what we make of it.
import { expect, test } from "vitest";
import { normalizeDomain } from "@/lib/domains/normalize-domain";

const reserved = { appHost: "app.portals.example.net", portalRootDomain: "portals.example.net", cnameTarget: "cname.portals.example.net" };
const ok = (s: string) => {
  const r = normalizeDomain(s, reserved);
  if (!r.ok) throw new Error(`expected ${s} to be accepted: ${r.message}`);
  return r;
};
const refused = (s: string) => {
  const r = normalizeDomain(s, reserved);
  if (r.ok) throw new Error(`expected ${s} to be refused, got ${r.hostname}`);
  return r.message;
};

test("case, spaces, a trailing dot, a pasted URL and a path are tidied away", () => {
  expect(ok("  Portal.Acme.COM. ").hostname).toBe("portal.acme.com");
  expect(ok("https://portal.acme.com/sign-in?x=1").hostname).toBe("portal.acme.com");
  expect(ok("portal.acme.com..").hostname).toBe("portal.acme.com");
});

test("international names are stored as punycode and shown in Unicode", () => {
  const r = ok("Portal.Bücher.de");
  expect(r.hostname).toBe("portal.xn--bcher-kva.de");
  expect(r.display).toBe("portal.bücher.de");
  expect(ok("xn--bcher-kva.de").display).toBe("bücher.de");
});

test("apex or subdomain is decided by the public suffix list, and www pairs with its apex", () => {
  expect(ok("acme.com")).toMatchObject({ kind: "apex", companion: { hostname: "www.acme.com", kind: "subdomain" } });
  expect(ok("acme.co.uk")).toMatchObject({ kind: "apex", companion: { hostname: "www.acme.co.uk" } });
  expect(ok("www.acme.co.uk")).toMatchObject({ kind: "subdomain", companion: { hostname: "acme.co.uk", kind: "apex" } });
  expect(ok("portal.acme.co.uk")).toMatchObject({ kind: "subdomain", companion: null });
});

test("IP addresses, ports, wildcards, emails and malformed names are refused with a reason", () => {
  expect(refused("203.0.113.10")).toMatch(/IP address/);
  expect(refused("[2001:db8::1]")).toMatch(/IP address/);
  expect(refused("2001:db8::1")).toMatch(/IP address/);
  expect(refused("portal.acme.com:8443")).toMatch(/port/);
  expect(refused("*.acme.com")).toMatch(/Wildcard/);
  expect(refused("me@acme.com")).toMatch(/email address/);
  expect(refused("acme")).toMatch(/full domain/);
  expect(refused("-portal.acme.com")).toMatch(/letters, digits and hyphens/);
  expect(refused("portal_x.acme.com")).toMatch(/letters, digits and hyphens|not a valid domain/);
  expect(refused(`${"a".repeat(64)}.acme.com`)).toMatch(/63 characters/);
  expect(refused(`${"abcdefghij.".repeat(25)}com`)).toMatch(/at most 232 characters/);
  // 247 characters is a valid name, but `_portal-verification.` + it is not: it could never be verified.
  const long = `portal.${"x".repeat(63)}.${"y".repeat(63)}.${"z".repeat(63)}.${"w".repeat(44)}.com`;
  expect(long.length).toBe(247);
  expect(refused(long)).toMatch(/at most 232 characters/);
  ok(`p.${"x".repeat(63)}.${"y".repeat(63)}.${"z".repeat(63)}.${"w".repeat(30)}.com`);
  expect(refused("")).toMatch(/Enter the domain/);
  expect(refused("co.uk")).toMatch(/public ending/);
});

test("the platform's own hosts cannot be claimed", () => {
  for (const h of ["portals.example.net", "acme.portals.example.net", "app.portals.example.net", "cname.portals.example.net", "localhost", "x.localhost"]) {
    expect(refused(h)).toMatch(/platform's own addresses|full domain/);
  }
});
