"use client";
import { useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/card";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Input, Select, inputClass } from "@/components/ui/field";
import type { FormState } from "@/lib/actions/form-state";
import { requestItemKinds } from "@/lib/db/schema/opportunities";
import { isChoiceKind, itemKindLabels } from "@/lib/requests/item.schema";
import type { EditorItem, ItemActions } from "./types";

type Owner = { slug: string; owner: "request" | "template"; ownerId: string };

/**
 * The items of a request or a template: one form per item (save, move, remove) and a form to add one. Each is a
 * plain POST, so the editor works before JavaScript loads; with it, the page refreshes in place.
 */
export function ItemsEditor({ items, actions, ...owner }: Owner & { items: EditorItem[]; actions: ItemActions }) {
  return (
    <div className="space-y-4">
      {items.length === 0 && <p className="text-sm text-gray-600">No items yet. Add the first question or document below.</p>}
      <ol className="space-y-4">
        {items.map((item, i) => (
          <li key={`${item.ref}-${i}-${item.label}`}>
            <ItemCard {...owner} item={item} index={i} count={items.length} actions={actions} />
          </li>
        ))}
      </ol>
      <AddItem {...owner} action={actions.add} />
    </div>
  );
}

function errorOf(state: FormState<unknown>, f: string) {
  const r = state.result;
  if (!r || r.ok) return undefined;
  // "item.options.3" (one option too long) belongs beside the options box too.
  const key = Object.keys(r.fieldErrors ?? {}).find((k) => k === `item.${f}` || k === f || k.startsWith(`item.${f}.`));
  return key ? r.fieldErrors?.[key]?.[0] : undefined;
}

function summaryOf(state: FormState<unknown>) {
  const r = state.result;
  if (!r || r.ok) return null;
  const placed = ["kind", "label", "helpText", "options"].some((f) => errorOf(state, f));
  return placed ? "Check the highlighted fields." : r.message;
}

/** The fields of one item; `prefix` keeps ids unique on a page holding many item forms. */
function ItemFields({ prefix, item, state }: { prefix: string; item?: Partial<EditorItem>; state: FormState<unknown> }) {
  const v = state.values;
  const [kind, setKind] = useState<string>(v?.kind ?? item?.kind ?? "short_text");
  const id = (f: string) => `${prefix}-${f}`;
  const round = JSON.stringify(v ?? null);
  // Before hydration the options box always shows (the kind cannot toggle it yet); the server ignores it for non-choices.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field id={id("label")} label="Question or document" error={errorOf(state, "label")}>
        <Input key={round} id={id("label")} name="label" defaultValue={v?.label ?? item?.label ?? ""} maxLength={200} invalid={!!errorOf(state, "label")} />
      </Field>
      <Field id={id("kind")} label="Kind" error={errorOf(state, "kind")}>
        {/* Uncontrolled: React resets a form after its action runs, and a controlled select would then post the default. */}
        <Select key={round} id={id("kind")} name="kind" defaultValue={kind} onChange={(e) => setKind(e.target.value)}>
          {requestItemKinds.map((k) => (
            <option key={k} value={k}>
              {itemKindLabels[k]}
            </option>
          ))}
        </Select>
      </Field>
      <div className="sm:col-span-2">
        <Field id={id("helpText")} label="Help text (optional)" hint="Shown under the item, e.g. which pages to scan." error={errorOf(state, "helpText")}>
          <textarea key={round} id={id("helpText")} name="helpText" rows={2} maxLength={1000} defaultValue={v?.helpText ?? item?.helpText ?? ""} className={inputClass} />
        </Field>
      </div>
      <div className={`sm:col-span-2 ${hydrated && !isChoiceKind(kind) ? "hidden" : ""}`}>
        <Field id={id("options")} label="Options (for a choice: one per line, 2 to 20)" error={errorOf(state, "options")}>
          <textarea
            key={round}
            id={id("options")}
            name="options"
            rows={Math.min(8, Math.max(3, (item?.options ?? []).length))}
            defaultValue={v?.options ?? (item?.options ?? []).join("\n")}
            aria-invalid={!!errorOf(state, "options") || undefined}
            className={inputClass}
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm text-gray-800">
        <input key={round} type="checkbox" name="required" defaultChecked={v ? v.required === "on" : (item?.required ?? true)} className="h-4 w-4 rounded border-gray-300" />
        Required
      </label>
    </div>
  );
}

function ItemCard({ slug, owner, ownerId, item, index, count, actions }: Owner & { item: EditorItem; index: number; count: number; actions: ItemActions }) {
  const [saved, save] = useActionState<FormState<unknown>, FormData>(actions.update, {});
  const [moved, move] = useActionState<FormState<unknown>, FormData>(actions.move, {});
  const [removed, remove] = useActionState<FormState<unknown>, FormData>(actions.remove, {});
  const fields = { owner, ownerId, itemId: item.ref };
  const problem = summaryOf(saved) ?? summaryOf(moved) ?? summaryOf(removed);
  const used = item.used ?? 0;
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-semibold text-gray-900">
          {index + 1}. {item.label}
          <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs font-medium text-gray-700">{itemKindLabels[item.kind]}</span>
          {used > 0 && <span className="ml-2 text-xs font-normal text-gray-600">{used === 1 ? "answered once" : `answered ${used} times`}</span>}
        </p>
        <div className="flex flex-wrap gap-2">
          <form action={move}>
            <HiddenFields slug={slug} fields={{ ...fields, direction: "up" }} />
            <SubmitButton variant="secondary" label="Move up" pendingLabel="Moving…" disabled={index === 0} aria-label={`Move ${item.label} up`} />
          </form>
          <form action={move}>
            <HiddenFields slug={slug} fields={{ ...fields, direction: "down" }} />
            <SubmitButton variant="secondary" label="Move down" pendingLabel="Moving…" disabled={index === count - 1} aria-label={`Move ${item.label} down`} />
          </form>
          <ConfirmForm
            slug={slug}
            label="Remove"
            ariaLabel={`Remove ${item.label}`}
            question={
              used > 0
                ? `Remove "${item.label}"? Applicants already gave ${used === 1 ? "1 answer or document" : `${used} answers or documents`} for it: they are deleted with it, for good.`
                : `Remove "${item.label}"?`
            }
            confirmLabel="Remove item"
            pendingLabel="Removing…"
            action={remove}
            fields={fields}
          />
        </div>
      </div>
      {problem && (
        <div className="mb-3">
          <Alert tone="error">{problem}</Alert>
        </div>
      )}
      <form action={save} noValidate className="space-y-4">
        <HiddenFields slug={slug} fields={fields} />
        <ItemFields key={JSON.stringify(saved.values ?? null)} prefix={`item-${index}`} item={item} state={saved} />
        <SubmitButton variant="secondary" label="Save item" pendingLabel="Saving…" />
      </form>
    </div>
  );
}

function AddItem({ slug, owner, ownerId, action }: Owner & { action: ItemActions["add"] }) {
  const [state, add] = useActionState<FormState<unknown>, FormData>(action, {});
  const problem = summaryOf(state);
  // After a success the form starts empty again (a new key); after a refusal it keeps what was typed.
  const fresh = state.result?.ok ? JSON.stringify(state.result) : "new";
  return (
    <section aria-labelledby="add-item" className="rounded-lg border border-dashed border-gray-300 bg-gray-50 p-4">
      <h3 id="add-item" className="mb-3 text-sm font-semibold text-gray-900">
        Add an item
      </h3>
      {problem && (
        <div className="mb-3">
          <Alert tone="error">{problem}</Alert>
        </div>
      )}
      <form key={fresh} action={add} noValidate className="space-y-4">
        <HiddenFields slug={slug} fields={{ owner, ownerId }} />
        <ItemFields key={JSON.stringify(state.values ?? null)} prefix="new-item" state={state.result?.ok ? {} : state} />
        <SubmitButton label="Add item" pendingLabel="Adding…" />
      </form>
    </section>
  );
}
