import type { ReactNode } from "react";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { HiddenFields } from "@/components/ui/confirm-form";
import { Input } from "@/components/ui/field";
import type { FormAction } from "@/lib/actions/form-state";
import { ActionForm } from "./action-form";

export type SignerView = { id: string; contactId: string; name: string; contact: ReactNode; inPortal: boolean; colour: string };
export type CandidateView = { contactId: string; name: string; contact: ReactNode; invitedOnly: boolean };

/**
 * A draft's signers in order, and the picker (portal users of this workspace, searched by name, email or number).
 * Every button is a real POST carrying the whole list it would leave, so the panel works before hydration.
 */
export function SignersPanel({
  slug,
  contractId,
  sequential,
  signers,
  candidates,
  q,
  moreHref,
  setSigners,
  search,
}: {
  slug: string;
  contractId: string;
  sequential: boolean;
  signers: SignerView[];
  candidates: CandidateView[];
  q: string;
  moreHref: string | null;
  setSigners: FormAction<unknown>;
  search: (data: FormData) => Promise<void>;
}) {
  const ids = signers.map((s) => s.contactId);
  const list = (xs: string[]) => ({ contractId, contactIds: xs.join(",") });
  return (
    <div className="space-y-5">
      {signers.length === 0 ? (
        <p className="text-sm text-gray-600">No signers yet. Find a client below: only clients with portal access can sign.</p>
      ) : (
        <ol className="divide-y divide-gray-100 rounded-md ring-1 ring-gray-200">
          {signers.map((s, i) => (
            <li key={s.id} className="flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="flex min-w-0 items-start gap-3">
                <span aria-hidden className="mt-1 flex size-5 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold text-white" style={{ background: s.colour }}>
                  {i + 1}
                </span>
                <div className="min-w-0">
                  <p className="text-sm font-medium break-words text-gray-900">
                    {sequential && <span className="sr-only">Signs {ordinal(i + 1)}: </span>}
                    {s.name}
                  </p>
                  <p className="text-sm text-gray-600">{s.contact}</p>
                  {!s.inPortal && <p className="text-xs font-medium text-red-700">No portal access any more: invite them again, or remove them.</p>}
                </div>
              </div>
              <div className="flex flex-wrap gap-2">
                {i > 0 && (
                  <ActionForm
                    slug={slug}
                    action={setSigners}
                    fields={list([...ids.slice(0, i - 1), s.contactId, ids[i - 1], ...ids.slice(i + 1)])}
                    label="Move up"
                    pendingLabel="Moving…"
                    variant="secondary"
                    ariaLabel={`Move ${s.name} up`}
                  />
                )}
                <ActionForm slug={slug} action={setSigners} fields={list(ids.filter((x) => x !== s.contactId))} label="Remove" pendingLabel="Removing…" variant="secondary" ariaLabel={`Remove ${s.name} as a signer`} />
              </div>
            </li>
          ))}
        </ol>
      )}
      <div>
        <form action={search} className="flex flex-wrap items-end gap-2" role="search" aria-label="Find a signer">
          <HiddenFields slug={slug} fields={{ contractId }} />
          <div className="min-w-48 flex-1">
            <label htmlFor="signer-q" className="block text-sm font-medium text-gray-800">
              Find a client with portal access
            </label>
            <Input id="signer-q" name="q" defaultValue={q} maxLength={100} placeholder="Name, email or mobile number" />
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            Search
          </button>
        </form>
        {candidates.length === 0 ? (
          <p className="mt-3 text-sm text-gray-600">{q ? `No client with portal access matches “${q}”. Invite them to the portal first (Client portal).` : "No clients have portal access yet. Invite them from Client portal first."}</p>
        ) : (
          <ul className="mt-3 divide-y divide-gray-100">
            {candidates.map((c) => (
              <li key={c.contactId} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <p className="text-sm font-medium break-words text-gray-900">{c.name}</p>
                  <p className="text-sm text-gray-600">
                    {c.contact}
                    {c.invitedOnly ? " · invited, not signed in yet" : ""}
                  </p>
                </div>
                {ids.includes(c.contactId) ? (
                  <span className="text-sm text-gray-500">Already a signer</span>
                ) : (
                  <ActionForm slug={slug} action={setSigners} fields={list([...ids, c.contactId])} label="Add" pendingLabel="Adding…" variant="secondary" ariaLabel={`Add ${c.name} as a signer`} />
                )}
              </li>
            ))}
          </ul>
        )}
        {moreHref && (
          <Link href={moreHref} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
            More clients →
          </Link>
        )}
      </div>
    </div>
  );
}

const ordinal = (n: number) => ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"][n - 1] ?? `number ${n}`;
