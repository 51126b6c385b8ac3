// Money as people type it in India ("12,50,000", "1250000.50", "₹ 5,000") to minor units, and back for display.
// Integer arithmetic on the digits only: parseFloat would turn "0.29" into 28.999… paise and accept "1e3".

/** The largest amount accepted: ₹ 999,99,99,99,999.99 (well inside a JS safe integer in paise). */
export const MONEY_MAX_CENTS = 99_999_999_999_999;

export const MONEY_MESSAGE = "Enter an amount in rupees, e.g. 12,50,000 or 1250000.50 (no minus sign, at most 2 decimals).";

/** Minor units for a typed amount, null for a blank one, or undefined when it is not an amount. */
export function parseMoney(typed: string): number | null | undefined {
  const s = typed.replace(/^\s*(₹|rs\.?|inr)\s*/i, "").replace(/\s+/g, "");
  if (s === "") return null;
  // Commas only between digits (Indian 12,50,000 and Western 1,250,000 groupings both pass), one optional point.
  const m = /^(\d{1,3}(?:,?\d{2,3})*|\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const whole = m[1].replace(/,/g, "");
  if (whole.length > 15) return undefined;
  const cents = Number(whole) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(cents) && cents <= MONEY_MAX_CENTS ? cents : undefined;
}

/** "₹12,50,000.00" (en-IN grouping) for minor units in the given currency; "" when there is no value. */
export function formatMoney(cents: number | null | undefined, currency = "INR"): string {
  if (cents === null || cents === undefined) return "";
  try {
    return new Intl.NumberFormat("en-IN", { style: "currency", currency, minimumFractionDigits: 2 }).format(cents / 100);
  } catch {
    return `${currency} ${(cents / 100).toFixed(2)}`;
  }
}

/** The amount as the edit form shows it again: plain digits with en-IN grouping, decimals only when there are any. */
export function moneyInputValue(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  const frac = cents % 100;
  return new Intl.NumberFormat("en-IN", { minimumFractionDigits: frac ? 2 : 0, maximumFractionDigits: 2 }).format(cents / 100);
}
