// One question of a request as the client answers it: a plain control tied to the answers form by its `form`
// attribute (the file upload boxes between questions are forms of their own, and forms cannot nest), so Save works
// without JavaScript. Read-only after submitting: the answer as text.
import type { AnswerValue } from "@/lib/db/schema";
import type { PortalRequestItem } from "@/lib/db/queries/portal-requests";
import { formatNumberAnswer } from "@/lib/request-answers/format-number";
import { portalInputClass } from "./portal-classes";

export const ANSWERS_FORM_ID = "answers-form";

export function RequestQuestion({ item, value, readOnly, error }: { item: PortalRequestItem; value: AnswerValue | undefined; readOnly: boolean; error?: string | null }) {
  const inputId = `q-${item.id}`;
  const helpId = item.helpText ? `help-${item.id}` : undefined;
  const errId = `item-err-${item.id}`;
  const describedBy = [helpId, errId].filter(Boolean).join(" ");
  const text = typeof value === "string" ? value : "";
  const list = Array.isArray(value) ? value : [];
  const common = { form: ANSWERS_FORM_ID, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined, disabled: readOnly } as const;
  const name = `a.${item.id}`;
  const isGroup = item.kind === "single_choice" || item.kind === "multiple_choice";

  const label = (
    <>
      {item.label}
      {item.required ? (
        <span className="ml-1 text-red-700" aria-label="required">
          *
        </span>
      ) : (
        <span className="ml-2 text-xs font-normal text-gray-500">optional</span>
      )}
    </>
  );

  let control: React.ReactNode;
  if (readOnly) {
    const shown = Array.isArray(value) ? value.join(", ") : item.kind === "number" && value ? formatNumberAnswer(value) : value;
    control = <p className="mt-1 whitespace-pre-wrap break-words text-gray-900">{shown ? shown : <span className="text-gray-500">No answer</span>}</p>;
  } else if (item.kind === "long_text") {
    control = <textarea id={inputId} name={name} rows={5} maxLength={10_000} defaultValue={text} className={`${portalInputClass} mt-1`} {...common} />;
  } else if (item.kind === "date") {
    control = <input id={inputId} name={name} type="date" defaultValue={text} className={`${portalInputClass} mt-1 sm:max-w-56`} {...common} />;
  } else if (item.kind === "number") {
    // Text, not type=number: "1,25,000" is how people here write amounts, and the server reads it.
    control = <input id={inputId} name={name} type="text" inputMode="decimal" autoComplete="off" defaultValue={text} className={`${portalInputClass} mt-1 sm:max-w-56`} {...common} />;
  } else if (item.kind === "single_choice") {
    control = (
      <div className="mt-2 space-y-2">
        {item.options.map((o, i) => (
          <label key={o} className="flex items-center gap-3 text-gray-900">
            <input type="radio" name={name} value={o} defaultChecked={text === o} id={i === 0 ? inputId : undefined} className="h-4 w-4" {...common} />
            {o}
          </label>
        ))}
      </div>
    );
  } else if (item.kind === "multiple_choice") {
    control = (
      <div className="mt-2 space-y-2">
        <input type="hidden" name={`m.${item.id}`} value="1" form={ANSWERS_FORM_ID} />
        {item.options.map((o, i) => (
          <label key={o} className="flex items-center gap-3 text-gray-900">
            <input type="checkbox" name={name} value={o} defaultChecked={list.includes(o)} id={i === 0 ? inputId : undefined} className="h-4 w-4 rounded" {...common} />
            {o}
          </label>
        ))}
      </div>
    );
  } else {
    control = <input id={inputId} name={name} type="text" maxLength={500} defaultValue={text} className={`${portalInputClass} mt-1`} {...common} />;
  }

  const Wrapper = isGroup && !readOnly ? "fieldset" : "div";
  return (
    <Wrapper id={`item-${item.id}`} className="scroll-mt-6" data-question={item.id}>
      {!readOnly && <input type="hidden" name="items" value={item.id} form={ANSWERS_FORM_ID} />}
      {isGroup && !readOnly ? (
        <legend className="text-sm font-medium text-gray-900">{label}</legend>
      ) : (
        <label htmlFor={readOnly ? undefined : inputId} className="block text-sm font-medium text-gray-900">
          {label}
        </label>
      )}
      {item.helpText && (
        <p id={helpId} className="mt-1 text-sm text-gray-600">
          {item.helpText}
        </p>
      )}
      {control}
      <p id={errId} role="alert" className="mt-1 text-sm text-red-700 empty:hidden">
        {error ?? ""}
      </p>
    </Wrapper>
  );
}
