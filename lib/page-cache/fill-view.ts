import "server-only";
import { headers } from "next/headers";
import { FILL_VIEW_HEADER } from "./render-page";

/**
 * In this instance's own render of a page for the page cache: the shape to render and placeholders for the values
 * (lib/page-cache/slots.ts); null for every other request. proxy.ts passes the header on only for a fill it has
 * checked (and drops any client's copy), so a page can trust it.
 */
export async function fillView<T>(): Promise<T | null> {
  const v = (await headers()).get(FILL_VIEW_HEADER);
  return v ? (JSON.parse(v) as T) : null;
}
