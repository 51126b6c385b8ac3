import { describe, expect, it } from "vitest";
import { formatDueDate } from "@/lib/client-centre/send-client-centre-invitation";
import { dueAtOf } from "@/lib/requests/request-fields.schema";
import { shortDate } from "@/lib/request-answers/due-text";

// A due date is stored as the end of that UTC day; the invitation email must name the same day the portal shows
// (it said "10 Dec" for a request due 9 Dec when it formatted in Asia/Kolkata).
describe("due date in the invitation email", () => {
  it("names the day the admin picked, the same as the portal", () => {
    const at = dueAtOf("2026-12-09")!;
    expect(formatDueDate(at)).toBe("9 Dec 2026");
    expect(shortDate(at)).toBe("9 Dec 2026");
  });
});
