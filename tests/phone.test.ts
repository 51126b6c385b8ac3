import { describe, expect, test } from "vitest";
import { looksLikePhone } from "@/lib/db/queries/contacts";
import { formatPhone, normalizePhone, parsePhone, phoneErrorMessage } from "@/lib/validation/phone";

describe("phone numbers are stored as E.164", () => {
  test.each([
    ["098765 43210"],
    ["98765-43210"],
    ["+91 98765 43210"],
    ["(098765) 43210"],
    ["+91-98765-43210"],
    ["0091 98765 43210"],
    ["  9876543210  "],
    ["919876543210"],
  ])("%s in an Indian workspace becomes +919876543210", (raw) => {
    expect(normalizePhone(raw, "IN")).toBe("+919876543210");
  });

  test("the workspace's country is the default for national numbers", () => {
    expect(normalizePhone("020 7946 0958", "GB")).toBe("+442079460958");
    expect(normalizePhone("(415) 555-2671", "US")).toBe("+14155552671");
    expect(normalizePhone("020 7946 0958", "IN")).not.toBe("+442079460958");
  });

  test("a number with its own country code keeps it, whatever the workspace's country", () => {
    expect(normalizePhone("+44 20 7946 0958", "IN")).toBe("+442079460958");
    expect(normalizePhone("+91 98765 43210", "US")).toBe("+919876543210");
  });

  test.each([["12345"], ["abc"], [""], ["9876543210x"], ["98765 43210 ext 12"], ["+91 98765 43210 1"], ["+"], ["0"], ["1".repeat(50)]])(
    "%j is rejected",
    (raw) => {
      expect(normalizePhone(raw, "IN")).toBeNull();
    },
  );

  test("the error says what to type, with an example from the workspace's country", () => {
    const r = parsePhone("12345", "IN");
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/^Enter a valid phone number, e\.g\. \+91 \d{5} \d{5}$/) });
    expect(phoneErrorMessage("GB")).toMatch(/^Enter a valid phone number, e\.g\. \+44 /);
    expect(parsePhone("98765 43210", "IN")).toEqual({ ok: true, e164: "+919876543210" });
  });

  test("display: national format at home, international abroad", () => {
    expect(formatPhone("+919876543210", "IN")).toBe("098765 43210");
    expect(formatPhone("+919876543210", "GB")).toBe("+91 98765 43210");
    expect(formatPhone(null, "IN")).toBe("");
  });

  test("search terms that look like phone numbers", () => {
    expect(looksLikePhone("98765 43210")).toBe(true);
    expect(looksLikePhone("+91 (98765)")).toBe(true);
    expect(looksLikePhone("asha")).toBe(false);
    expect(looksLikePhone("12")).toBe(false);
  });
});
