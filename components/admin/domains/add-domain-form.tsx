"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import type { Act } from "./types";

type Added = { hostname: string; companion: { hostname: string } | null; companionSkipped: string | null; status: string };

/** www.x ↔ x is what people mean; the server decides exactly (with the public suffix list). */
function companionOf(raw: string): string | null {
  const v = raw.trim().toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/[/?#].*$/, "").replace(/\.$/, "");
  if (!v.includes(".")) return null;
  if (v.startsWith("www.")) return v.slice(4);
  return v.split(".").length === 2 ? `www.${v}` : null;
}

export function AddDomainForm({ slug, add }: { slug: string; add: Act<{ domain: string; withCompanion: boolean }, Added> }) {
  const router = useRouter();
  const [domain, setDomain] = useState("");
  const [withCompanion, setWithCompanion] = useState(true);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const [pending, setPending] = useState(false);
  const companion = companionOf(domain);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    setNotice(undefined);
    const res = await add(slug, { domain, withCompanion: !!companion && withCompanion });
    setPending(false);
    if (!res.ok) {
      const fe = res.fieldErrors?.domain?.[0];
      if (fe) setError(fe);
      else setNotice({ tone: "error", text: res.message });
      return;
    }
    const d = res.data;
    setDomain("");
    setNotice({
      tone: "success",
      // Only what happened now: the domain's card below says its state, and keeps saying it as checks go on.
      text: `Added ${d.hostname}${d.companion ? ` and ${d.companion.hostname} (redirecting to it)` : ""}.` + (d.companionSkipped ? ` ${d.companionSkipped}` : ""),
    });
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label="Add a domain">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="flex-1">
          <Field id="domain" label="Domain" hint="A subdomain such as portal.yourbusiness.com, or your root domain." error={error}>
            <Input
              id="domain"
              value={domain}
              onChange={(e) => setDomain(e.target.value)}
              placeholder="portal.yourbusiness.com"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              invalid={!!error}
            />
          </Field>
        </div>
        <Button type="submit" disabled={pending} className="sm:mt-6">
          {pending ? "Adding and checking…" : "Add domain"}
        </Button>
      </div>
      {companion && (
        <label className="flex items-start gap-2 text-sm text-gray-800">
          <input type="checkbox" checked={withCompanion} onChange={(e) => setWithCompanion(e.target.checked)} className="mt-0.5 h-4 w-4 rounded border-gray-300" />
          <span>
            Also connect <span className="font-mono">{companion}</span> and redirect it here, so visitors who type it reach the portal too.
          </span>
        </label>
      )}
      <LiveNotice notice={notice} />
    </form>
  );
}
