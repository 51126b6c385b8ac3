/** Every http(s) URL in a message's text and HTML, de-duplicated, in order: what the dev outbox makes clickable. */
export function extractLinks(...parts: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const part of parts) {
    if (!part) continue;
    for (const m of part.matchAll(/https?:\/\/[^\s"'<>)]+/g)) seen.add(m[0].replace(/&amp;/g, "&").replace(/[.,;]+$/, ""));
  }
  return [...seen];
}
