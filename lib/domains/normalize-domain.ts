import { domainToASCII, domainToUnicode } from "node:url";
import { getDomain, getPublicSuffix } from "tldts";
import { TXT_PREFIX } from "./domain-records";

const MAX_DOMAIN_LENGTH = 253 - (TXT_PREFIX.length + 1);

// Turns what an admin typed into the hostname we store and serve, or a reason it cannot be a portal domain.
// Pure (no database): the workspace checks (taken, already added) live in add-domain.ts.

export type NormalizedDomain = {
  hostname: string; // lower-case ASCII (punycode), no trailing dot
  display: string; // the Unicode form for people (münchen.de rather than xn--mnchen-3ya.de)
  kind: "apex" | "subdomain";
  /** The www/apex partner a visitor expects to reach the same portal: www.acme.com ↔ acme.com, else null. */
  companion: { hostname: string; kind: "apex" | "subdomain" } | null;
};

export type DomainProblem = { ok: false; message: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Platform hosts nobody may claim: the app host, the portal root and everything under them, the CNAME target. */
export type ReservedHosts = { appHost: string; portalRootDomain: string; cnameTarget?: string };

export function normalizeDomain(input: string, reserved: ReservedHosts): ({ ok: true } & NormalizedDomain) | DomainProblem {
  let s = input.trim().toLowerCase();
  if (!s) return { ok: false, message: "Enter the domain your clients will use, e.g. portal.yourbusiness.com" };
  // People paste URLs: keep the host, drop the scheme and any path.
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/[/?#].*$/, "");
  if (s.startsWith("*.")) return { ok: false, message: "Wildcard domains can't be used. Enter one domain, e.g. portal.yourbusiness.com" };
  if (s.includes("@")) return { ok: false, message: "That looks like an email address. Enter just the domain, e.g. portal.yourbusiness.com" };
  if (/^\[.*\]$/.test(s) || s.includes(":") && /^[0-9a-f:.]+$/.test(s)) return { ok: false, message: "An IP address can't be a portal domain. Enter a domain name, e.g. portal.yourbusiness.com" };
  if (/:\d*$/.test(s)) return { ok: false, message: "Leave out the port: enter just the domain, e.g. portal.yourbusiness.com" };
  s = s.replace(/\.+$/, ""); // a fully-qualified name's trailing dot
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return { ok: false, message: "An IP address can't be a portal domain. Enter a domain name, e.g. portal.yourbusiness.com" };
  const ascii = domainToASCII(s);
  if (!ascii) return { ok: false, message: `“${input.trim()}” is not a valid domain name. Check for typos and characters a domain can't hold.` };
  // The ownership record lives at `_portal-verification.<domain>`, which must itself fit DNS's 253 characters.
  if (ascii.length > MAX_DOMAIN_LENGTH) {
    return { ok: false, message: `That domain is too long: a portal domain can have at most ${MAX_DOMAIN_LENGTH} characters (its verification record adds ${TXT_PREFIX.length + 1}, and DNS allows 253).` };
  }
  const labels = ascii.split(".");
  if (labels.length < 2) return { ok: false, message: "Enter a full domain with its ending, e.g. portal.yourbusiness.com" };
  if (!labels.every((l) => LABEL.test(l))) {
    return { ok: false, message: "Each part of a domain uses letters, digits and hyphens (not at its start or end), at most 63 characters." };
  }
  const tld = labels[labels.length - 1];
  if (/^\d+$/.test(tld)) return { ok: false, message: "An IP address can't be a portal domain. Enter a domain name, e.g. portal.yourbusiness.com" };

  const own = [reserved.appHost, reserved.portalRootDomain, reserved.cnameTarget].filter((h): h is string => !!h).map((h) => h.toLowerCase());
  if (ascii === "localhost" || ascii.endsWith(".localhost") || own.some((h) => ascii === h || ascii.endsWith(`.${h}`))) {
    return { ok: false, message: "That is one of this platform's own addresses. Use a domain your business owns." };
  }
  const registrable = getDomain(ascii, { allowPrivateDomains: false });
  const suffix = getPublicSuffix(ascii, { allowPrivateDomains: false });
  if (!registrable || ascii === suffix) return { ok: false, message: "That is a public ending (like co.uk), not a domain you can own. Enter your own domain." };
  const kind = ascii === registrable ? "apex" : "subdomain";
  const companion =
    kind === "apex"
      ? { hostname: `www.${ascii}`, kind: "subdomain" as const }
      : ascii === `www.${registrable}`
        ? { hostname: registrable, kind: "apex" as const }
        : null;
  return { ok: true, hostname: ascii, display: domainToUnicode(ascii) || ascii, kind, companion };
}
