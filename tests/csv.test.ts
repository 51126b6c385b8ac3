import { describe, expect, test } from "vitest";
import { importReportCsv, safeCell } from "@/lib/contacts/csv";

describe("safeCell: cells a spreadsheet would run as a formula get a leading apostrophe", () => {
  test.each([
    ["=1+1"],
    ["+SUM(A1)"],
    ["-2+3"],
    ["@SUM(A1)"],
    ['=HYPERLINK("http://x")'],
    // Whitespace or a line break before the trigger: spreadsheets trim it and still see a formula.
    [" =1+1"],
    ["   +cmd|' /C calc'!A0"],
    ["\n=1+1"],
    ["\r\n@SUM(A1)"],
    [" \n -2+3"],
    ["\u00a0=1+1"],
    ["\u3000=1+1"],
    // Tab and carriage-return prefixes.
    ["\tanything"],
    ["\rfoo"],
    ["\t=1+1"],
    // Fullwidth forms, which some spreadsheets treat as the ASCII ones.
    ["\uff1d1+1"],
    ["\uff0bSUM(A1)"],
    ["\uff0d2+3"],
    ["\uff20SUM(A1)"],
    [" \uff1d1+1"],
    ["\uff0b91 98765 43210"],
  ])("%j is neutralised", (v) => {
    expect(safeCell(v)).toBe(`'${v}`);
  });

  test.each([
    ["Asha"],
    [""],
    ["a=b"],
    ["rao@example.in"],
    ["phone '12345' is not a valid number"],
    ["email x is also in row 3"],
    // Phone numbers stay readable, also as stored untrimmed from the file.
    ["+91 98765 43210"],
    ["+1 (415) 555-0100"],
    ["-0100"],
    [" +91 98765 43210"],
    ["+91 98765 43210 "],
    ["  098765 43210"],
  ])("%j is kept", (v) => {
    expect(safeCell(v)).toBe(v);
  });

  test("the report neutralises untrimmed raw cells and keeps untrimmed phone numbers", () => {
    const csv = importReportCsv([{ row: 2, reason: "x", raw: { firstName: " =cmd()", lastName: "\uff20x", phone: " +91 98765 43210" } }], { withOutcome: false });
    expect(csv).toBe("Row,Reason,First name,Last name,Phone\r\n2,x,' =cmd(),'\uff20x,\" +91 98765 43210\"");
  });
});
