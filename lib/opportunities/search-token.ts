import "server-only";
import { decrypt, encrypt } from "@/lib/crypto";

// Search terms typed by an admin may be email addresses or phone numbers. The search forms POST them and the page's
// URL carries them sealed (AES-GCM), so no address ends up in browser history, server logs or a Referer header,
// while a result page can still be reloaded and paged.

const PURPOSE = "admin-search-term";

export function sealSearch(term: string): string {
  return encrypt(term.trim().slice(0, 100), PURPOSE);
}

/** The term, or "" for a missing, tampered or foreign token (it reads as "no search"). */
export function openSearch(token: string | null | undefined): string {
  if (!token || token.length > 400) return "";
  try {
    return decrypt(token, PURPOSE).slice(0, 100);
  } catch {
    return "";
  }
}
