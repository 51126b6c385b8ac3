"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/card";
import { ConfirmForm } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import type { ApiKeyView } from "./types";

function Status({ k }: { k: ApiKeyView }) {
  return k.revoked ? (
    <span className="inline-flex items-center rounded-full bg-gray-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-gray-700 ring-1 ring-gray-200 ring-inset">
      Revoked {k.revoked}
    </span>
  ) : (
    <span className="inline-flex items-center rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-800 ring-1 ring-green-200 ring-inset">Active</span>
  );
}

/** Revoke is a form POST behind a confirmation dialog, so it works before hydration. */
export function ApiKeysTable({ slug, keys, revoke }: { slug: string; keys: ApiKeyView[]; revoke: FormAction<unknown> }) {
  const [state, revokeAction] = useActionState<FormState<unknown>, FormData>(revoke, {});
  const error = state.result && !state.result.ok ? state.result.message : undefined;
  if (keys.length === 0) {
    return <p className="text-sm text-gray-600">No API keys yet. Create one above to connect a workflow tool or script.</p>;
  }
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="md:overflow-x-auto">
        <table className="block w-full text-sm md:table md:min-w-full md:divide-y md:divide-gray-200">
          <caption className="sr-only">API keys</caption>
          <thead className="hidden md:table-header-group">
            <tr className="text-left text-xs font-semibold tracking-wide text-gray-600 uppercase">
              <th scope="col" className="py-2 pr-3">
                Name
              </th>
              <th scope="col" className="hidden px-3 py-2 lg:table-cell">
                Created by
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Created
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Last used
              </th>
              <th scope="col" className="px-3 py-2">
                Status
              </th>
              <th scope="col" className="py-2 pl-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="block divide-y divide-gray-100 md:table-row-group">
            {keys.map((k) => (
              <tr key={k.id} className="block py-3 md:table-row md:py-0" data-testid="api-key-row">
                <td className="block align-top md:table-cell md:py-3 md:pr-3">
                  <p className={`font-medium ${k.revoked ? "text-gray-600" : "text-gray-900"}`}>{k.name}</p>
                  <p className="font-mono text-xs text-gray-500">{k.prefix}…</p>
                  <p className="mt-1 text-xs text-gray-500 md:hidden">
                    Created {k.created}
                    {k.createdBy ? ` by ${k.createdBy}` : ""} · {k.lastUsed ? `last used ${k.lastUsed}` : "never used"}
                  </p>
                </td>
                <td className="hidden max-w-56 truncate px-3 py-3 align-top text-gray-700 lg:table-cell">{k.createdBy ?? <span className="text-gray-400">—</span>}</td>
                <td className="hidden px-3 py-3 align-top whitespace-nowrap text-gray-700 md:table-cell">
                  <time dateTime={k.createdIso}>{k.created}</time>
                </td>
                <td className="hidden px-3 py-3 align-top whitespace-nowrap text-gray-700 md:table-cell">
                  {k.lastUsed ? <time dateTime={k.lastUsedIso ?? undefined}>{k.lastUsed}</time> : <span className="text-gray-400">Never</span>}
                </td>
                <td className="block pt-2 align-top md:table-cell md:px-3 md:py-3">
                  <Status k={k} />
                </td>
                <td className={`align-top md:table-cell md:py-3 md:pl-3 ${k.revoked ? "hidden" : "block pt-2"}`}>
                  {!k.revoked && (
                    <div className="flex md:justify-end">
                      <ConfirmForm
                        slug={slug}
                        action={revokeAction}
                        fields={{ apiKeyId: k.id }}
                        label="Revoke"
                        question={`Revoke “${k.name}”? Anything using it stops working at once.`}
                        confirmLabel="Revoke key"
                        pendingLabel="Revoking…"
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
