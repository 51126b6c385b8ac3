"use client";
import { useActionState, useEffect, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { SLUG_FIELD, type FormAction, type FormState } from "@/lib/actions/form-state";

type Added = { hostname: string; companion: { hostname: string } | null; companionSkipped: string | null; status: string };

/** www.x ↔ x is what people mean; the server decides exactly (with the public suffix list). */
function companionOf(raw: string): string | null {
  const v = raw.trim().toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/[/?#].*$/, "").replace(/\.$/, "");
  if (!v.includes(".")) return null;
  if (v.startsWith("www.")) return v.slice(4);
  return v.split(".").length === 2 ? `www.${v}` : null;
}

const noop = () => () => {};

/** A form POST (works before hydration); once JavaScript runs, the companion offer follows what you type. */
export function AddDomainForm({ slug, add }: { slug: string; add: FormAction<Added> }) {
  const [state, formAction, pending] = useActionState<FormState<Added>, FormData>(add, {});
  const res = state.result;
  const hydrated = useSyncExternalStore(noop, () => true, () => false);
  const [domain, setDomain] = useState(res && !res.ok ? (state.values?.domain ?? "") : "");
  const [withCompanion, setWithCompanion] = useState(true);
  const companion = companionOf(domain);
  const error = res && !res.ok ? res.fieldErrors?.domain?.[0] : undefined;
  const notice: Notice = !res
    ? undefined
    : !res.ok
      ? error
        ? undefined
        : { tone: "error", text: res.message }
      : {
          tone: "success",
          // Only what happened now: the domain's card below says its state, and keeps saying it as checks go on.
          text: `Added ${res.data.hostname}${res.data.companion ? ` and ${res.data.companion.hostname} (redirecting to it)` : ""}.` + (res.data.companionSkipped ? ` ${res.data.companionSkipped}` : ""),
        };
  useEffect(() => {
    if (state.result?.ok) setDomain("");
  }, [state]);

  return (
    <form action={formAction} noValidate className="space-y-3" aria-label="Add a domain">
      <input type="hidden" name={SLUG_FIELD} value={slug} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="flex-1">
          <Field id="domain" label="Domain" hint="A subdomain such as portal.yourbusiness.com, or your root domain." error={error}>
            <Input
              id="domain"
              name="domain"
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
      {/* Before hydration the name is not known yet, so the offer is put in general words; the server decides. */}
      {(companion || !hydrated) && (
        <label className="flex items-start gap-2 text-sm text-gray-800">
          <input type="checkbox" name="withCompanion" checked={withCompanion} onChange={(e) => setWithCompanion(e.target.checked)} className="mt-0.5 h-4 w-4 rounded border-gray-300" />
          <span>
            {companion ? (
              <>
                Also connect <span className="font-mono">{companion}</span> and redirect it here, so visitors who type it reach the portal too.
              </>
            ) : (
              "For a root domain or its www name, also connect the other one and redirect it here, so visitors who type it reach the portal too."
            )}
          </span>
        </label>
      )}
      <LiveNotice notice={notice} />
    </form>
  );
}
