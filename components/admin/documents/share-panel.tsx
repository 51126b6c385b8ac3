"use client";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Select, inputClass } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import type { AudienceRow, PortalUserPick } from "@/lib/db/queries/hub-documents";

type Target = { fileId: string } | { folderId: string };

/** Who a file or folder is shared with, and the form to share it with more clients or a whole user type. */
export function SharePanel({
  slug,
  target,
  audiences,
  userTypes,
  share,
  unshare,
}: {
  slug: string;
  target: Target;
  audiences: AudienceRow[];
  userTypes: { id: string; name: string; isDefault: boolean }[];
  share: FormAction<{ added: number; notified: number }>;
  unshare: FormAction<unknown>;
}) {
  const id = useId();
  const [state, dispatch] = useActionState<FormState<{ added: number; notified: number }>, FormData>(share, {});
  const [unState, unDispatch] = useActionState<FormState<unknown>, FormData>(unshare, {});
  const [picked, setPicked] = useState<PortalUserPick[]>([]);
  const targetFields: Record<string, string> = "fileId" in target ? { fileId: target.fileId } : { folderId: target.folderId };
  const r = state.result;
  useEffect(() => {
    if (r?.ok) setPicked([]);
  }, [r]);
  const fieldError = r && !r.ok ? (r.fieldErrors ? Object.values(r.fieldErrors)[0]?.[0] : undefined) ?? r.message : undefined;

  return (
    <div className="space-y-5">
      <div>
        <h3 className="text-sm font-medium text-gray-900">Shared with</h3>
        {unState.result && !unState.result.ok && <div className="mt-2"><Alert tone="error">{unState.result.message}</Alert></div>}
        {audiences.length === 0 ? (
          <p className="mt-1 text-sm text-gray-600">Nobody yet: only your team sees this.</p>
        ) : (
          <ul className="mt-2 divide-y divide-gray-100 rounded-md ring-1 ring-gray-200">
            {audiences.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                <div className="min-w-0 text-sm">
                  <p className="font-medium break-words text-gray-900">{a.kind === "type" ? `Every client of type “${a.name}”` : a.name}</p>
                  <p className="text-xs break-all text-gray-600">
                    {a.detail}
                    {a.via === "folder" && "fileId" in target ? `${a.detail ? " · " : ""}through its folder` : ""}
                  </p>
                </div>
                {(a.via === "file") === "fileId" in target && (
                  <form action={unDispatch}>
                    <HiddenFields slug={slug} fields={{ audienceId: a.id }} />
                    <SubmitButton variant="secondary" label="Stop sharing" pendingLabel="Removing…" aria-label={`Stop sharing with ${a.name}`} />
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <form action={dispatch} className="space-y-3">
        <HiddenFields slug={slug} fields={{ ...targetFields, contactIds: picked.map((p) => p.contactId).join(",") }} />
        <ClientPicker slug={slug} picked={picked} setPicked={setPicked} />
        <Field id={`${id}-type`} label="…or every client of a user type" hint="Clients who get this type later see it too (without a notification).">
          <Select id={`${id}-type`} name="userTypeIds" defaultValue="">
            <option value="">No user type</option>
            {userTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.isDefault ? " (default)" : ""}
              </option>
            ))}
          </Select>
        </Field>
        {r?.ok && (
          <Alert tone="success">
            {r.data.added === 0
              ? "Already shared with them: nothing changed."
              : r.data.notified === 0
                ? "Shared. Nobody is notified this time: there is no file in it yet, or they have no portal access yet."
                : `Shared. ${r.data.notified === 1 ? "1 client" : `${r.data.notified} clients`} will get a notification in a few minutes.`}
          </Alert>
        )}
        {fieldError && <Alert tone="error">{fieldError}</Alert>}
        <SubmitButton label="Share" pendingLabel="Sharing…" />
      </form>
    </div>
  );
}

/** Searches the workspace's portal users (20 at a time, "More" for the next page) and keeps the picked ones. */
function ClientPicker({ slug, picked, setPicked }: { slug: string; picked: PortalUserPick[]; setPicked: (p: PortalUserPick[]) => void }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [rows, setRows] = useState<PortalUserPick[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const seq = useRef(0);
  async function load(query: string, after: string | null) {
    const mine = ++seq.current;
    try {
      const res = await fetch(`/api/w/${slug}/documents/clients`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ q: query, after }) });
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { rows: PortalUserPick[]; next: string | null };
      if (mine !== seq.current) return;
      setFailed(false);
      setLoaded(true);
      setRows((old) => (after ? [...old, ...body.rows] : body.rows));
      setNext(body.next);
    } catch {
      if (mine === seq.current) setFailed(true);
    }
  }
  useEffect(() => {
    const t = setTimeout(() => void load(q, null), 200);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load is stable enough (reads slug only)
  }, [q]);
  const isPicked = (c: PortalUserPick) => picked.some((p) => p.contactId === c.contactId);
  const toggle = (c: PortalUserPick) => setPicked(isPicked(c) ? picked.filter((p) => p.contactId !== c.contactId) : [...picked, c]);
  return (
    <div className="space-y-2">
      <label htmlFor={`${id}-q`} className="block text-sm font-medium text-gray-800">
        Share with clients
      </label>
      <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search by name, email or phone" className={inputClass} autoComplete="off" />
      {picked.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="Picked clients">
          {picked.map((p) => (
            <li key={p.contactId} className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2.5 py-1 text-xs text-brand-700 ring-1 ring-brand-100">
              <span className="max-w-48 truncate">{p.name}</span>
              <button type="button" onClick={() => toggle(p)} aria-label={`Remove ${p.name}`} className="font-bold">
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {failed && <p className="text-xs text-red-700">Couldn&apos;t search clients just now. Try again.</p>}
      <ul className="max-h-56 divide-y divide-gray-100 overflow-y-auto rounded-md ring-1 ring-gray-200" aria-label="Clients with portal access">
        {rows.length === 0 && <li className="px-3 py-2 text-sm text-gray-600">{!loaded ? "Loading clients…" : q ? "No client with portal access matches." : "No clients with portal access yet. Invite clients from the Client portal page."}</li>}
        {rows.map((c) => (
          <li key={c.contactId}>
            <label className="flex cursor-pointer items-start gap-2 px-3 py-2 hover:bg-gray-50">
              <input type="checkbox" className="mt-1" checked={isPicked(c)} onChange={() => toggle(c)} />
              <span className="min-w-0 text-sm">
                <span className="block font-medium break-words text-gray-900">{c.name}</span>
                <span className="block text-xs break-all text-gray-600">{[c.email, c.phone, c.type].filter(Boolean).join(" · ")}</span>
              </span>
            </label>
          </li>
        ))}
        {next && (
          <li className="px-3 py-2">
            <Button type="button" variant="secondary" onClick={() => void load(q, next)}>
              More clients
            </Button>
          </li>
        )}
      </ul>
      <p className="text-xs text-gray-500">Picking clients needs JavaScript; sharing with a user type works without it.</p>
    </div>
  );
}
