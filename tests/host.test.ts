import { expect, test } from "vitest";
import { classifyHost } from "@/lib/tenancy/host";

const dev = (h: string | null) => classifyHost(h, "http://localhost:3000", "localhost");
const prod = (h: string | null) => classifyHost(h, "https://app.example.com", "portal.example.com");

test("the app host and its loopback aliases are the admin", () => {
  expect(dev("localhost:3000")).toEqual({ kind: "app" });
  expect(dev("127.0.0.1:3000")).toEqual({ kind: "app" });
  expect(prod("app.example.com")).toEqual({ kind: "app" });
  expect(prod("APP.EXAMPLE.COM:443")).toEqual({ kind: "app" });
});

test("one label under the portal root is a workspace slug", () => {
  expect(dev("acme.localhost:3000")).toEqual({ kind: "subdomain", slug: "acme", hostname: "acme.localhost" });
  expect(prod("acme.portal.example.com")).toMatchObject({ kind: "subdomain", slug: "acme" });
});

test("nested labels, bad characters and empty hosts are unknown, never a tenant", () => {
  expect(dev("a.b.localhost")).toEqual({ kind: "unknown" });
  expect(dev("-acme.localhost")).toEqual({ kind: "unknown" });
  expect(dev("acme_x.localhost")).toEqual({ kind: "unknown" });
  expect(dev("")).toEqual({ kind: "unknown" });
  expect(dev(null)).toEqual({ kind: "unknown" });
  expect(prod("127.0.0.1")).toEqual({ kind: "unknown" });
  expect(prod("10.0.0.7:80")).toEqual({ kind: "unknown" });
});

test("any other dotted hostname is a candidate custom domain (verified against the domains table)", () => {
  expect(prod("clients.acme.in")).toEqual({ kind: "custom", hostname: "clients.acme.in" });
  expect(prod("portal.example.com")).toEqual({ kind: "custom", hostname: "portal.example.com" });
});
