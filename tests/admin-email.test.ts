import { expect, test } from "vitest";
import { normalizeAdminEmail } from "@/lib/auth/admin-email";

test("one plain address, trimmed and lower-cased, is accepted", () => {
  expect(normalizeAdminEmail("  Owner@Acme.TEST ")).toBe("owner@acme.test");
});

test("lists, commas, spaces and non-addresses are refused, so a rate-limit key cannot be varied", () => {
  for (const bad of ["victim@x.com,1", "a@x.com;b@y.com", "a b@x.com", "victim@x.com, other@y.com", "no-at-sign", "a@b", "", 42, null]) {
    expect(normalizeAdminEmail(bad)).toBeNull();
  }
});
