// The words of a digest: how many of what, and which. Pure, so the emails, the SMS and the tests agree.

/** "a document" / "12 documents"; the noun decides the article. */
export function countText(n: number, one: string, many: string): string {
  return n === 1 ? `${/^[aeiou]/i.test(one) ? "an" : "a"} ${one}` : `${n.toLocaleString("en")} ${many}`;
}

/** Up to `named` labels, then how many more: "a.pdf, b.pdf and 7 more". `total` counts every item, named or not. */
export function itemsText(labels: string[], total: number, named = 5): string {
  const shown = labels.slice(0, named).map((l) => oneLine(l));
  const more = Math.max(0, total - shown.length);
  if (shown.length === 0) return more > 0 ? `${more} ${more === 1 ? "item" : "items"}` : "";
  if (more > 0) return `${shown.join(", ")} and ${more.toLocaleString("en")} more`;
  if (shown.length === 1) return shown[0];
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** A label as one short line: no line breaks or control characters (a subject must stay one line), at most 80 chars. */
export function oneLine(s: string): string {
  const flat = s.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
