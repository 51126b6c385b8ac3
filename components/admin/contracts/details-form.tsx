import { Field, Input, Select, inputClass } from "@/components/ui/field";
import type { FormAction } from "@/lib/actions/form-state";
import { ActionForm } from "./action-form";

/** A draft's title, kind, message, signing order and opportunity. */
export function ContractDetailsForm({
  slug,
  contract,
  opportunities,
  save,
}: {
  slug: string;
  contract: { id: string; title: string; kind: string; message: string | null; signingOrder: string; opportunityId: string | null };
  opportunities: { id: string; name: string }[];
  save: FormAction<unknown>;
}) {
  return (
    <ActionForm slug={slug} action={save} fields={{ contractId: contract.id }} label="Save details" pendingLabel="Saving…" variant="secondary" className="space-y-4">
      <Field id="d-title" label="Title">
        <Input id="d-title" name="title" defaultValue={contract.title} maxLength={200} required />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="d-kind" label="Kind">
          <Select id="d-kind" name="kind" defaultValue={contract.kind}>
            <option value="contract">Contract</option>
            <option value="proposal">Proposal</option>
          </Select>
        </Field>
        <Field id="d-order" label="Signing order">
          <Select id="d-order" name="signingOrder" defaultValue={contract.signingOrder}>
            <option value="parallel">Everyone at once</option>
            <option value="sequential">One after another, in order</option>
          </Select>
        </Field>
      </div>
      <Field id="d-message" label="Message to signers (optional)">
        <textarea id="d-message" name="message" rows={3} maxLength={2000} defaultValue={contract.message ?? ""} className={inputClass} />
      </Field>
      {opportunities.length > 0 && (
        <Field id="d-opp" label="Opportunity (optional)">
          <Select id="d-opp" name="opportunityId" defaultValue={contract.opportunityId ?? ""}>
            <option value="">None</option>
            {opportunities.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </ActionForm>
  );
}
