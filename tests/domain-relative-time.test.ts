// The Domains page's one relative-time formatter: units chosen after rounding, so no "in 60 minutes".
import { expect, test } from "vitest";
import { relativeTime } from "@/components/admin/domains/relative-time";

const now = Date.parse("2026-12-02T12:00:00Z");
const at = (seconds: number) => new Date(now + seconds * 1000);

test("the past: just now, then minutes, hours and days, each unit only while it rounds below the next", () => {
  expect(relativeTime(at(-10), now)).toBe("just now");
  expect(relativeTime(at(-44), now)).toBe("just now");
  expect(relativeTime(at(-45), now)).toBe("1 minute ago");
  expect(relativeTime(at(-59 * 60), now)).toBe("59 minutes ago");
  expect(relativeTime(at(-(59 * 60 + 40)), now)).toBe("1 hour ago");
  expect(relativeTime(at(-5 * 3600), now)).toBe("5 hours ago");
  expect(relativeTime(at(-(23 * 3600 + 40 * 60)), now)).toBe("1 day ago");
  expect(relativeTime(at(-3 * 86400), now)).toBe("3 days ago");
});

test("the future reads the same way, never 'in 60 minutes' next to 'in 1 hour'", () => {
  expect(relativeTime(at(20), now)).toBe("in under a minute");
  expect(relativeTime(at(90), now)).toBe("in 2 minutes");
  expect(relativeTime(at(3590), now)).toBe("in 1 hour");
  expect(relativeTime(at(3600), now)).toBe("in 1 hour");
  expect(relativeTime(at(2 * 3600 + 1), now)).toBe("in 2 hours");
  for (let s = 45; s < 3 * 86400; s += 37) expect(relativeTime(at(s), now)).not.toMatch(/\b60 minutes|24 hours\b/);
});

test("takes ISO strings as the page passes them", () => {
  expect(relativeTime(new Date(now - 2 * 3600_000).toISOString(), now)).toBe("2 hours ago");
});
