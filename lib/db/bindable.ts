/**
 * Postgres refuses a NUL in text, even as a bound parameter (the query fails), and no stored row can hold one: a
 * filter or cursor containing one matches nothing and is never sent. The input rules that refuse such text with a
 * message live in lib/validation/storable-text.ts; this is only what the database itself cannot take.
 */
export function bindableText(s: string): boolean {
  return !s.includes("\u0000");
}
