import "server-only";
import http from "node:http";
import { safeEqual } from "@/lib/crypto";
import type { CachedPage } from "./page-store";
import { slotPlaceholders, splitPage } from "./slots";

/**
 * A cacheable page is rendered by Next like any other: this instance asks itself for it over loopback, marked as a
 * fill by a per-process secret and naming the placeholder nonce to render with (proxy.ts). Next stamps its scripts
 * with that nonce; the cache later swaps it for each answer's own.
 */
export const FILL_HEADER = "x-page-cache-fill";
export const FILL_NONCE_HEADER = "x-page-cache-nonce";
/** The workspace the fill is for: the proxy refuses the fill if the host now resolves to another one. */
export const FILL_WORKSPACE_HEADER = "x-page-cache-workspace";
/** The shape to render and the values' placeholders, as JSON (lib/page-cache/fill-view.ts reads it in the page). */
export const FILL_VIEW_HEADER = "x-page-cache-view";

const g = globalThis as unknown as { __pageFillSecret?: string };
const secret = (g.__pageFillSecret ??= Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url"));

const MAX_BYTES = 1024 * 1024;
const TIMEOUT_MS = 10_000;
/** Headers of the rendered page worth keeping; cookies never (a page that sets one is not cached at all). */
const KEEP = new Set(["content-type", "cache-control", "vary", "link", "x-frame-options", "x-content-type-options", "referrer-policy"]);

/** The placeholder nonce and workspace of this instance's own fill request; null for any other request. */
export function fillRequest(h: Headers): { nonce: string; workspaceId: string } | null {
  const s = h.get(FILL_HEADER);
  const nonce = h.get(FILL_NONCE_HEADER);
  const workspaceId = h.get(FILL_WORKSPACE_HEADER);
  if (!s || !nonce || !workspaceId || !safeEqual(s, secret) || !/^[0-9a-f]{32}$/.test(nonce)) return null;
  return { nonce, workspaceId };
}

/** Where this process answers HTTP itself: set by scripts/server.mjs (the same origin Next's own redirects use). */
export function ownOrigin(): string | null {
  return process.env.__NEXT_PRIVATE_ORIGIN ?? null;
}

/**
 * Renders `path` (with its query) for `host` through this instance and returns it cut at the placeholders, or
 * null when the answer is not a plain 200 HTML page without cookies, or a value's placeholder turns up where it could
 * not be filled in safely (it is then served uncached). With `view`, the page renders that shape with placeholders
 * for the named values; `path` may then name them too (a link page's token is in its path).
 */
export function renderPage(p: {
  origin: string;
  host: string;
  path: string | ((values: Record<string, string>) => string);
  proto: "http" | "https";
  workspaceId: string;
  view?: { shape: unknown; slots: string[] };
}): Promise<CachedPage | null> {
  // Hex: nothing in it that HTML or the inline JSON would escape, so every copy of it in the page is found again.
  const placeholder = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex");
  const slots = p.view ? slotPlaceholders(p.view.slots) : null;
  const viewHeader: Record<string, string> = p.view ? { [FILL_VIEW_HEADER]: JSON.stringify({ shape: p.view.shape, values: slots!.values }) } : {};
  const url = new URL(typeof p.path === "function" ? p.path(slots?.values ?? {}) : p.path, p.origin);
  return new Promise((resolve) => {
    const req = http.request(
      {
        // As the server bound it ("localhost" resolves here as it did for listen()); an IPv6 literal without brackets.
        host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        timeout: TIMEOUT_MS,
        // No cookies, no Accept-Encoding (the stored copy is plain text): the page as anyone without a session sees it.
        headers: { host: p.host, accept: "text/html", "x-forwarded-proto": p.proto, [FILL_HEADER]: secret, [FILL_NONCE_HEADER]: placeholder, [FILL_WORKSPACE_HEADER]: p.workspaceId, ...viewHeader },
      },
      (res) => {
        const type = String(res.headers["content-type"] ?? "");
        if (res.statusCode !== 200 || !type.startsWith("text/html") || res.headers["set-cookie"] || res.headers["content-encoding"]) {
          res.resume();
          return resolve(null);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BYTES) chunks.push(c);
          else req.destroy();
        });
        res.on("error", () => resolve(null));
        res.on("close", () => resolve(null)); // after "end" this changes nothing; cut short, it is the answer
        res.on("end", () => {
          if (size > MAX_BYTES) return resolve(null);
          const html = Buffer.concat(chunks).toString("utf8");
          // Without the placeholder the page's scripts carry no nonce this cache can replace: they would be blocked.
          if (!html.includes(placeholder)) return resolve(null);
          const headers = Object.entries(res.headers)
            .filter(([k, v]) => KEEP.has(k) && typeof v === "string")
            .map(([k, v]) => [k, v as string] as [string, string]);
          const segments = splitPage(html, placeholder, slots?.prefix ?? null, p.view?.slots ?? []);
          resolve(segments && { segments, status: 200, headers });
        });
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(null));
    req.end();
  });
}
