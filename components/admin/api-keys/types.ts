import type { ActionResult } from "@/lib/errors";

export type Action<I, R = unknown> = (slug: string, input: I) => Promise<ActionResult<R>>;

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  created: string;
  createdIso: string;
  lastUsed: string | null;
  lastUsedIso: string | null;
  revoked: string | null;
};

export type NewApiKey = { id: string; name: string; prefix: string; key: string };

/** The curl line the page shows; with a real key once, with a placeholder after. */
export function curlExample(apiBase: string, key = "$PORTAL_API_KEY") {
  return `curl -H "Authorization: Bearer ${key}" \\\n  "${apiBase}/contacts?limit=10"`;
}
