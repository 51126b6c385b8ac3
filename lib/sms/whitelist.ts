// The DLT URL whitelist (TRAI's CTA rules): which URLs a workspace may put in an SMS. Pure, shared by the settings
// form (instant feedback), the save checks and the sender.
//
// A static entry matches one URL exactly; a dynamic entry is a fixed prefix written with a trailing `?` and matches
// every URL that starts with it on the same scheme and host. Operators refuse IP-address URLs and public shorteners,
// so those are never accepted, whatever an admin types.

export type WhitelistKind = "static" | "dynamic";
export type WhitelistEntry = { url: string; kind: WhitelistKind };

/** Public link shorteners DLT refuses (a subdomain of one is refused too). */
export const PUBLIC_SHORTENERS = [
  "bit.ly", "bitly.com", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "rb.gy", "cutt.ly", "shorturl.at",
  "tiny.cc", "t.ly", "rebrand.ly", "bl.ink", "short.io", "shorte.st", "adf.ly", "v.gd", "s.id", "lnkd.in", "soo.gd",
  "clck.ru", "qr.ae", "tr.im", "x.co", "po.st", "mcaf.ee", "su.pr", "db.tt", "1url.com", "u.to", "t2m.io", "bit.do",
  "shorturl.com", "tinu.be", "urlzs.com", "gg.gg", "chilp.it", "zpr.io", "surl.li", "linktr.ee", "snip.ly", "msg91.link",
];

export type UrlProblem = "invalid" | "ip" | "shortener";

const SCHEME = /^(https?):\/\/([^/?#\s]*)(.*)$/is;

/** Splits a URL into lower-cased scheme and host[:port] and the rest as written; null when it has no http(s) scheme. */
function split(url: string): { scheme: string; authority: string; host: string; rest: string } | null {
  const m = SCHEME.exec(url.trim());
  if (!m) return null;
  const authority = m[2].toLowerCase();
  if (authority.includes("@")) return null; // user:password@ hides the real host
  let host = authority;
  if (host.startsWith("[")) host = host.slice(0, host.indexOf("]") + 1);
  else if (host.includes(":")) {
    const [h, port] = host.split(":");
    if (!/^\d{1,5}$/.test(port ?? "") || Number(port) > 65535) return null;
    host = h;
  }
  return { scheme: m[1].toLowerCase(), authority, host, rest: m[3] };
}

function isIpHost(host: string): boolean {
  if (host.startsWith("[") || host.includes(":")) return true; // IPv6 literal
  // WHATWG URL turns 127.1, 0x7f.1 and 2130706433 into an IPv4 address: anything that is all numbers and dots (or
  // hex) in its last label is an address, not a name.
  const last = host.replace(/\.$/, "").split(".").pop() ?? "";
  return /^(0x[0-9a-f]*|\d+)$/i.test(last);
}

function isShortener(host: string): boolean {
  const h = host.replace(/\.$/, "");
  return PUBLIC_SHORTENERS.some((s) => h === s || h.endsWith(`.${s}`));
}

/**
 * A URL as it is whitelisted: scheme and host lower-cased, the path as written. `kind` is dynamic when it ends with
 * `?`. Refused: no http/https scheme, no host name (or one without a dot), credentials, an IP address, a shortener.
 */
export function parseWhitelistUrl(input: string): { ok: true; entry: WhitelistEntry } | { ok: false; problem: UrlProblem } {
  const parts = split(input);
  if (!parts || !parts.host || /\s/.test(input.trim())) return { ok: false, problem: "invalid" };
  if (isIpHost(parts.host)) return { ok: false, problem: "ip" };
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+\.?$/.test(parts.host) || parts.host.split(".").some((l) => l.startsWith("-") || l.endsWith("-"))) {
    return { ok: false, problem: "invalid" };
  }
  if (isShortener(parts.host)) return { ok: false, problem: "shortener" };
  const url = `${parts.scheme}://${parts.authority}${parts.rest}`;
  return { ok: true, entry: { url, kind: url.endsWith("?") ? "dynamic" : "static" } };
}

/** Words for a refused whitelist URL. */
export function urlProblemMessage(problem: UrlProblem): string {
  if (problem === "ip") return "DLT refuses links to an IP address. Use your domain name, e.g. https://portal.yourbusiness.com/s/?";
  if (problem === "shortener") return "Public link shorteners (bit.ly, tinyurl.com and the like) cannot be whitelisted on DLT. Use your own domain's URL.";
  return "Enter the URL as registered on DLT, starting with https:// or http:// and a domain name, e.g. https://portal.yourbusiness.com/s/? (a dynamic URL ends with ?).";
}

// A URL in a message: with a scheme, or starting with www. Trailing punctuation belongs to the sentence.
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;

/** Every URL in a message, as written (a bare www. address counts: operators treat it as a link too). */
export function findUrls(text: string): string[] {
  return Array.from(text.matchAll(URL_IN_TEXT), (m) => m[0].replace(/[.,;:!?)\]}>]+$/, ""));
}

/** True when the whitelist allows this URL: equal to a static entry, or starting with a dynamic entry's prefix. */
export function isUrlCovered(url: string, whitelist: readonly WhitelistEntry[]): boolean {
  const u = split(/^www\./i.test(url) ? `http://${url}` : url);
  if (!u) return false;
  for (const e of whitelist) {
    const w = split(e.url);
    if (!w || w.scheme !== u.scheme || w.authority !== u.authority) continue;
    if (e.kind === "dynamic" || e.url.endsWith("?")) {
      const prefix = w.rest.replace(/\?$/, "");
      if (u.rest.startsWith(prefix)) return true;
    } else if (u.rest === w.rest || (w.rest === "" && u.rest === "/") || (w.rest === "/" && u.rest === "")) {
      return true;
    }
  }
  return false;
}

/** The URLs of `text` the whitelist does not cover, each once. */
export function uncoveredUrls(text: string, whitelist: readonly WhitelistEntry[]): string[] {
  return [...new Set(findUrls(text).filter((u) => !isUrlCovered(u, whitelist)))];
}

/** The dynamic whitelist entry a portal's short links need: `<origin>/s/?`. */
export function portalLinkPrefix(portalOrigin: string): string {
  return `${portalOrigin.replace(/\/+$/, "")}/s/?`;
}
