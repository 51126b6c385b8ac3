"use client";
import Link from "next/link";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { SLUG_FIELD, type FormAction, type FormState } from "@/lib/actions/form-state";
import type { ActionResult } from "@/lib/errors";

type ContactHit = { id: string; name: string; email: string | null; phone: string | null };
type UserType = { id: string; name: string; invitationPreference: string; signInMethod: string; isDefault: boolean };
type InviteResult = { outcome: "invited" | "reinvited" | "restored"; contactCreated: boolean; channel?: "email" | "sms"; to?: string };


const methodLabel: Record<string, string> = { email_link: "sign-in link by email", email_code: "6-digit code by email", sms_code: "code by SMS", link_and_code: "link + code" };

export function InviteForm({
  slug,
  userTypes,
  hasEmailProfile,
  invite,
  search,
}: {
  slug: string;
  userTypes: UserType[];
  hasEmailProfile: boolean;
  /** A form POST (works before hydration); picking a contact from the search is the JavaScript enhancement. */
  invite: FormAction<InviteResult>;
  search: (slug: string, raw: unknown) => Promise<ActionResult<ContactHit[]>>;
}) {
  const [state, formAction, pending] = useActionState<FormState<InviteResult>, FormData>(invite, {});
  const failed = state.result && !state.result.ok;
  // After a refusal the form shows what was typed again (a plain POST re-renders it from the posted fields).
  const typed = failed ? state.values : undefined;
  const listId = useId();
  const [query, setQuery] = useState(typed?.email ?? "");
  const [hits, setHits] = useState<ContactHit[]>([]);
  const [picked, setPicked] = useState<ContactHit | null>(null);
  const [firstName, setFirstName] = useState(typed?.firstName ?? "");
  const [lastName, setLastName] = useState(typed?.lastName ?? "");
  const [userTypeId, setUserTypeId] = useState(typed?.userTypeId || (userTypes.find((t) => t.isDefault)?.id ?? userTypes[0]?.id ?? ""));
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const typedEmail = !picked && /@/.test(query);
  const typedPhone = !picked && /^[+(\d][\d\s().+-]{5,}$/.test(query.trim());
  const phoneTypes = userTypes.some((t) => t.invitationPreference === "phone");
  const chosen = userTypes.find((t) => t.id === userTypeId);
  const byPhone = chosen?.invitationPreference === "phone";
  const reach = (c: ContactHit) => (byPhone ? (c.phone ?? "no mobile number") : (c.email ?? "no email"));
  const result = toResult(state);

  // A success empties the form for the next invitation.
  useEffect(() => {
    if (!state.result?.ok) return;
    setQuery("");
    setPicked(null);
    setFirstName("");
    setLastName("");
  }, [state]);

  useEffect(() => {
    clearTimeout(timer.current);
    if (picked || query.trim().length < 2) return setHits([]);
    timer.current = setTimeout(async () => {
      const r = await search(slug, { q: query.trim() });
      if (r.ok) setHits(r.data);
    }, 200);
    return () => clearTimeout(timer.current);
  }, [query, picked, slug, search]);

  if (!hasEmailProfile && !phoneTypes) {
    return (
      <Alert tone="warning">
        Invitations are sent from your workspace&apos;s default email profile, and there isn&apos;t one yet.{" "}
        <Link href={`/w/${slug}/settings/email#profiles`} className="font-medium underline">
          Set up an email profile
        </Link>{" "}
        first.
      </Alert>
    );
  }

  const emailError = result?.fields?.email?.[0] ?? result?.fields?.phone?.[0] ?? result?.fields?.contactId?.[0];
  return (
    <form action={formAction} noValidate className="space-y-4" aria-describedby="invite-help">
      <input type="hidden" name={SLUG_FIELD} value={slug} />
      {picked && (
        <>
          <input type="hidden" name="contactId" value={picked.id} />
          <input type="hidden" name="who" value={(byPhone ? picked.phone : picked.email) ?? picked.name} />
        </>
      )}
      <p id="invite-help" className="text-sm text-gray-600">
        {phoneTypes
          ? "Pick a contact, or type an email address or an Indian mobile number to add a new contact and invite them in one go. The user type decides whether the invitation goes by email or SMS."
          : "Pick a contact, or type an email address to add a new contact and invite them in one go."}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="relative">
          <Field id="invite-who" label={phoneTypes ? "Contact, email or mobile number" : "Contact or email"} error={emailError}>
            {picked ? (
              <div className="flex items-center justify-between gap-2 rounded-md bg-gray-50 px-3 py-2 text-sm ring-1 ring-gray-300">
                <span>
                  <span className="font-medium">{picked.name}</span> <span className="text-gray-600">{reach(picked)}</span>
                </span>
                <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={() => setPicked(null)}>
                  Change
                </button>
              </div>
            ) : (
              <Input
                id="invite-who"
                name="email"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder={phoneTypes ? "Search contacts, or type an email or 98765 43210" : "Search contacts or type name@example.com"}
                autoComplete="off"
                role="combobox"
                aria-expanded={hits.length > 0}
                aria-controls={listId}
                invalid={!!emailError}
              />
            )}
          </Field>
          {!picked && hits.length > 0 && (
            <ul id={listId} role="listbox" className="absolute z-10 mt-1 max-h-60 w-full overflow-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-gray-200">
              {hits.map((h) => (
                <li key={h.id} role="option" aria-selected={false}>
                  <button
                    type="button"
                    className="block w-full px-3 py-2 text-left hover:bg-gray-50 focus:bg-gray-100"
                    onClick={() => {
                      setPicked(h);
                      setHits([]);
                    }}
                  >
                    <span className="font-medium">{h.name}</span> <span className="text-gray-600">{reach(h)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <Field id="invite-type" label="User type" hint={userTypes.length ? undefined : "A “Client” type (sign-in link by email) is created with the first invitation."} error={result?.fields?.userTypeId?.[0]}>
          <Select id="invite-type" name="userTypeId" value={userTypeId} onChange={(e) => setUserTypeId(e.target.value)} disabled={userTypes.length === 0}>
            {userTypes.length === 0 && <option value="">Client</option>}
            {userTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} — {methodLabel[t.signInMethod] ?? t.signInMethod}
              </option>
            ))}
          </Select>
        </Field>
        {(typedEmail || typedPhone) && (
          <>
            <Field id="invite-first" label={typedPhone ? "First name" : "First name (optional)"} error={result?.fields?.firstName?.[0]}>
              <Input id="invite-first" name="firstName" value={firstName} onChange={(e) => setFirstName(e.target.value)} maxLength={100} />
            </Field>
            <Field id="invite-last" label="Last name (optional)">
              <Input id="invite-last" name="lastName" value={lastName} onChange={(e) => setLastName(e.target.value)} maxLength={100} />
            </Field>
          </>
        )}
      </div>
      {!byPhone && !hasEmailProfile && (
        <Alert tone="warning">
          {chosen?.name ?? "This type"} invites by email, and there is no default email profile yet.{" "}
          <Link href={`/w/${slug}/settings/email#profiles`} className="font-medium underline">
            Set up an email profile
          </Link>{" "}
          or pick a type that invites by SMS.
        </Alert>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Sending invitation…" : "Send invitation"}
        </Button>
      </div>
      {result && (
        <Alert tone={result.tone}>
          {result.text}
          {result.code === "NO_EMAIL_PROFILE" && (
            <>
              {" "}
              <Link href={`/w/${slug}/settings/email#profiles`} className="font-medium underline">
                Open Email settings
              </Link>
            </>
          )}
        </Alert>
      )}
    </form>
  );
}

/** What the last POST did, in words: the outcome, or the refusal with its field errors. */
function toResult(state: FormState<InviteResult>) {
  const r = state.result;
  if (!r) return null;
  if (!r.ok) return { tone: "error" as const, text: r.message, code: r.code, fields: r.fieldErrors };
  // A typed number is shown as the server read it (+91 98765 43210), not as typed.
  const who = state.values?.who || (r.data.channel === "sms" ? r.data.to : undefined) || state.values?.email?.trim() || "them";
  const text =
    r.data.outcome === "invited"
      ? `Invitation sent to ${who}.${r.data.contactCreated ? " A new contact was added." : ""}`
      : r.data.outcome === "restored"
        ? `Access restored and a new invitation sent to ${who}.`
        : `${who} was already invited; the invitation was sent again with their current link.`;
  return { tone: "success" as const, text, code: undefined, fields: undefined };
}
