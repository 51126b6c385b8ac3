// What the portal's one sign-in field accepts: an email address, or (where the workspace texts its clients) an
// Indian mobile number typed any of the ways people type them, and a clear refusal for everything else.
import { describe, expect, test } from "vitest";
import { displayIdentifier, parseSignInIdentifier } from "@/lib/portal/identifier";
import { formatIndianMobile, normalizeIndianMobile } from "@/lib/validation/phone";

describe("+91 normalisation", () => {
  test.each([
    ["98765 43210"],
    ["9876543210"],
    ["98765-43210"],
    ["098765 43210"],
    ["09876543210"],
    ["919876543210"],
    ["91 98765 43210"],
    ["+91 98765 43210"],
    ["+91-98765-43210"],
    ["+919876543210"],
    ["(+91) 98765 43210"],
    ["0091 98765 43210"],
    ["  98765.43210  "],
  ])("%j is +919876543210", (raw) => {
    expect(normalizeIndianMobile(raw)).toBe("+919876543210");
  });

  test.each([
    ["58765 43210", "mobile numbers start with 6, 7, 8 or 9"],
    ["98765 4321", "9 digits"],
    ["98765 432101", "11 digits without a leading 0"],
    ["+44 7400 123456", "another country"],
    ["+1 415 555 2671", "another country"],
    ["+91 22 2345 6789", "a Mumbai landline"],
    ["022 2345 6789", "a landline with its STD code"],
    ["9876543210x", "letters"],
    ["98765 43210 ext 1", "an extension"],
    ["", "empty"],
    ["+", "a lone plus"],
    ["9".repeat(41), "far too long"],
    ["98765\u000043210", "a NUL inside"],
  ])("%j is refused (%s)", (raw) => {
    expect(normalizeIndianMobile(raw)).toBeNull();
  });

  test("a number is shown back to its owner grouped as it is read aloud", () => {
    expect(formatIndianMobile("+919876543210")).toBe("+91 98765 43210");
  });
});

describe("the sign-in field", () => {
  test("an address with an @ is an email, lower-cased; anything else is a number only where SMS sign-in is on", () => {
    expect(parseSignInIdentifier(" Priya@Example.COM ", { phoneAllowed: true })).toEqual({ channel: "email", address: "priya@example.com" });
    expect(parseSignInIdentifier("98765 43210", { phoneAllowed: true })).toEqual({ channel: "sms", address: "+919876543210" });
    expect(parseSignInIdentifier("98765 43210", { phoneAllowed: false })).toBeNull();
  });

  test.each([["priya@"], ["@example.com"], ["not an address"], ["12345"], ["+44 7400 123456"], ["a".repeat(255) + "@x.com"]])("%j is neither", (raw) => {
    expect(parseSignInIdentifier(raw, { phoneAllowed: true })).toBeNull();
  });

  test("what the check page shows back", () => {
    expect(displayIdentifier({ channel: "sms", address: "+919876543210" })).toBe("+91 98765 43210");
    expect(displayIdentifier({ channel: "email", address: "priya@example.com" })).toBe("priya@example.com");
  });
});
