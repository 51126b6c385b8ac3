"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { SLUG_FIELD, type FormAction, type FormState } from "@/lib/actions/form-state";

type Result = { balance: number; credits: number };

/** The owner's top-up: a real POST (works before hydration); the balance and ledger beside it re-render after. */
export function SmsCreditsTopUp({ slug, action }: { slug: string; action: FormAction<Result> }) {
  const [state, formAction, pending] = useActionState<FormState<Result>, FormData>(action, {});
  const res = state.result;
  const errors = res && !res.ok ? res.fieldErrors : undefined;
  const creditsError = errors?.credits?.[0];
  const noteError = errors?.note?.[0];
  return (
    <div className="space-y-3">
      {res?.ok && (
        <Alert tone="success">
          Added {res.data.credits.toLocaleString("en-IN")} credits. The balance is now {res.data.balance.toLocaleString("en-IN")}.
        </Alert>
      )}
      {res && !res.ok && !creditsError && !noteError && <Alert tone="error">{res.message}</Alert>}
      <form action={formAction} noValidate className="grid gap-4 sm:grid-cols-[10rem_minmax(0,1fr)_auto] sm:items-start" aria-label="Add SMS credits">
        <input type="hidden" name={SLUG_FIELD} value={slug} />
        <Field id="sms-credits-amount" label="Credits to add" hint="1 to 1,000,000." error={creditsError}>
          <Input
            key={res?.ok ? `done-${res.data.balance}` : "typing"}
            id="sms-credits-amount"
            name="credits"
            type="number"
            inputMode="numeric"
            min={1}
            max={1_000_000}
            step={1}
            required
            defaultValue={res?.ok ? "" : state.values?.credits}
            invalid={!!creditsError}
          />
        </Field>
        <Field id="sms-credits-note" label="Note" hint="Where the credits come from, e.g. the MSG91 invoice number." error={noteError}>
          <Input
            key={res?.ok ? `done-note-${res.data.balance}` : "typing-note"}
            id="sms-credits-note"
            name="note"
            maxLength={200}
            required
            autoComplete="off"
            placeholder="MSG91 invoice INV-2026-118"
            defaultValue={res?.ok ? "" : state.values?.note}
            invalid={!!noteError}
          />
        </Field>
        <Button type="submit" className="w-full sm:mt-6 sm:w-auto" disabled={pending}>
          {pending ? "Adding…" : "Add credits"}
        </Button>
      </form>
    </div>
  );
}
