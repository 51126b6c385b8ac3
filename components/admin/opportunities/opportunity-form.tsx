"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { SLUG_FIELD, type FormAction, type FormState } from "@/lib/actions/form-state";
import { opportunityStages } from "@/lib/db/schema/opportunities";
import { stageLabels } from "@/lib/opportunities/labels";

export type OpportunityFormData = { id: string; name: string; stage: string; value: string; ownerUserId: string };
export type OwnerChoice = { userId: string; label: string };

const fieldNames = ["name", "stage", "value", "ownerUserId"] as const;
type FieldName = (typeof fieldNames)[number];

/** Create or edit: a server action form that posts before hydration too; the server checks every field and names what is wrong. */
export function OpportunityForm({
  slug,
  opportunity,
  owners,
  meUserId,
  save,
  cancelHref,
}: {
  slug: string;
  opportunity?: OpportunityFormData;
  owners: OwnerChoice[];
  meUserId: string;
  save: FormAction<unknown>;
  cancelHref: string;
}) {
  const [state, formAction, pending] = useActionState<FormState<unknown>, FormData>(save, {});
  const res = state.result;
  const err = (f: FieldName) => (res && !res.ok ? res.fieldErrors?.[f]?.[0] : undefined);
  const placed = fieldNames.some((f) => err(f));
  const shown = (f: FieldName) => state.values?.[f] ?? opportunity?.[f] ?? "";
  // After a refusal React resets the form to its defaults: keying on what was posted shows it again.
  const round = JSON.stringify(state.values ?? null);
  const owner = shown("ownerUserId") || meUserId;
  return (
    <form action={formAction} noValidate className="space-y-5">
      <input type="hidden" name={SLUG_FIELD} value={slug} />
      {opportunity && <input type="hidden" name="id" value={opportunity.id} />}
      {res && !res.ok && !placed && (
        <Alert tone="error">{res.code === "NOT_FOUND" ? "This opportunity was deleted, perhaps by someone else. Go back to the list." : res.message}</Alert>
      )}
      <div className="grid gap-5 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <Field id="name" label="Name" hint="What you and your team call it, e.g. “Home loan – Rao family”." error={err("name")}>
            <Input key={`name-${round}`} id="name" name="name" autoComplete="off" maxLength={200} defaultValue={shown("name")} invalid={!!err("name")} autoFocus={!opportunity} />
          </Field>
        </div>
        <Field id="stage" label="Stage" error={err("stage")}>
          <Select key={`stage-${round}`} id="stage" name="stage" defaultValue={shown("stage") || "new"}>
            {opportunityStages.map((s) => (
              <option key={s} value={s}>
                {stageLabels[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="value" label="Value in ₹ (optional)" hint="Type it as you write it: 12,50,000 or 1250000.50." error={err("value")}>
          <Input key={`value-${round}`} id="value" name="value" inputMode="decimal" autoComplete="off" placeholder="12,50,000" defaultValue={shown("value")} invalid={!!err("value")} />
        </Field>
        <Field id="ownerUserId" label="Owner" hint="The member who looks after it." error={err("ownerUserId")}>
          <Select key={`owner-${round}`} id="ownerUserId" name="ownerUserId" defaultValue={owner}>
            {!owners.some((o) => o.userId === owner) && <option value="">No owner (pick one)</option>}
            {owners.map((o) => (
              <option key={o.userId} value={o.userId}>
                {o.label}
                {o.userId === meUserId ? " (you)" : ""}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : opportunity ? "Save changes" : "Create opportunity"}
        </Button>
        <Link href={cancelHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
