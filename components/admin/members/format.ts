const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Dates are formatted on the server in UTC, so the server's and the browser's renderings cannot disagree. */
export function formatDay(d: Date) {
  return day.format(d);
}
