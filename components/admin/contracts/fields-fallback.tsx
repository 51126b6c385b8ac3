import { Select, Input } from "@/components/ui/field";
import type { FormAction } from "@/lib/actions/form-state";
import type { ContractFieldKind } from "@/lib/db/schema";
import { ActionForm } from "./action-form";
import { fieldKindLabels } from "./labels";

type FieldRow = { id: string; signerId: string; kind: ContractFieldKind; page: number; label: string | null };

/**
 * Fields without the drag-and-drop editor (before its script loads, or where the PDF cannot be drawn): the list, each
 * with Remove, and a form that adds a field for a signer at a preset spot on the last page, so a contract can always
 * be prepared and sent.
 */
export function FieldsFallback({
  slug,
  contractId,
  signers,
  fields,
  add,
  remove,
}: {
  slug: string;
  contractId: string;
  signers: { id: string; name: string; colour: string }[];
  fields: FieldRow[];
  add: FormAction<unknown>;
  remove: FormAction<unknown>;
}) {
  const name = (id: string) => signers.find((s) => s.id === id)?.name ?? "—";
  const colour = (id: string) => signers.find((s) => s.id === id)?.colour ?? "#6b7280";
  return (
    <div className="space-y-4">
      {fields.length === 0 ? (
        <p className="text-sm text-gray-600">No fields yet.</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-md ring-1 ring-gray-200">
          {fields.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <span className="flex min-w-0 items-center gap-2 text-sm text-gray-800">
                <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ background: colour(f.signerId) }} />
                <span className="break-words">
                  {fieldKindLabels[f.kind]}
                  {f.label ? ` “${f.label}”` : ""} for {name(f.signerId)} · page {f.page + 1}
                </span>
              </span>
              <ActionForm slug={slug} action={remove} fields={{ contractId, fieldId: f.id }} label="Remove" pendingLabel="Removing…" variant="secondary" ariaLabel={`Remove ${fieldKindLabels[f.kind]} for ${name(f.signerId)}`} />
            </li>
          ))}
        </ul>
      )}
      <ActionForm slug={slug} action={add} fields={{ contractId }} label="Add field" pendingLabel="Adding…" variant="secondary" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="fb-signer" className="block text-xs font-medium text-gray-700">
            For
          </label>
          <Select id="fb-signer" name="signerId" className="w-auto">
            {signers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="fb-kind" className="block text-xs font-medium text-gray-700">
            Field
          </label>
          <Select id="fb-kind" name="kind" className="w-auto" defaultValue="signature">
            {(["signature", "initials", "date", "text"] as const).map((k) => (
              <option key={k} value={k}>
                {fieldKindLabels[k]}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="fb-label" className="block text-xs font-medium text-gray-700">
            Label (text fields)
          </label>
          <Input id="fb-label" name="label" maxLength={100} className="w-48" />
        </div>
      </ActionForm>
      <p className="text-xs text-gray-500">Fields added here go to the bottom left of the last page, one above the other.</p>
    </div>
  );
}
