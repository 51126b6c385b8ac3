import { Field, Input } from "@/components/ui/field";
import { inputClass } from "@/components/ui/field";

/** Merge fields an invitation may use (mirrors lib/client-centre/client-centre-templates; no server import here). */
export const invitationMergeFields: [string, string][] = [
  ["contact.first_name", "The client's first name"],
  ["contact.last_name", "The client's last name"],
  ["workspace.name", "Your business name"],
  ["opportunity.name", "The opportunity's name"],
  ["request.title", "The request's title"],
  ["request.due_date", "The request's due date (blank when it has none)"],
  ["link.expires_in_days", "How many days the secure link stays valid"],
  ["portal.url", "The portal's address"],
  ["support.email", "Your support address"],
];

/**
 * Subject and body of an invitation, with the system tag {{client_centre.link}} locked between two text boxes: the
 * admin edits the text before and after it but cannot edit or remove it (and the server still checks). Plain form
 * fields, so it works before JavaScript loads.
 */
export function LockedTagEditor({
  idPrefix,
  subject,
  bodyBefore,
  bodyAfter,
  errors,
}: {
  idPrefix: string;
  subject: string;
  bodyBefore: string;
  bodyAfter: string;
  errors?: { subject?: string; body?: string };
}) {
  const area = `${inputClass} font-mono text-[13px] leading-relaxed`;
  return (
    <div className="space-y-4">
      <Field id={`${idPrefix}-subject`} label="Subject" error={errors?.subject} hint="The secure link can't go in the subject.">
        <Input id={`${idPrefix}-subject`} name="subject" defaultValue={subject} maxLength={200} required invalid={!!errors?.subject} />
      </Field>
      <fieldset className="space-y-2" aria-describedby={errors?.body ? `${idPrefix}-body-error` : undefined}>
        <legend className="text-sm font-medium text-gray-800">Body</legend>
        <label htmlFor={`${idPrefix}-before`} className="block text-xs text-gray-600">
          Text before the link
        </label>
        <textarea id={`${idPrefix}-before`} name="bodyBefore" rows={6} defaultValue={bodyBefore} className={area} aria-invalid={!!errors?.body || undefined} />
        <p className="flex flex-wrap items-center gap-2 rounded-md bg-gray-100 px-3 py-2 text-sm text-gray-800 ring-1 ring-inset ring-gray-300" aria-label="Locked system tag">
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4 text-gray-600">
            <path fillRule="evenodd" d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z" clipRule="evenodd" />
          </svg>
          <code className="rounded bg-white px-1.5 py-0.5 font-mono text-[13px] ring-1 ring-gray-300">{"{{client_centre.link}}"}</code>
          <span className="text-gray-600">— the client&apos;s secure link (system tag, can&apos;t be edited)</span>
        </p>
        <label htmlFor={`${idPrefix}-after`} className="block text-xs text-gray-600">
          Text after the link
        </label>
        <textarea id={`${idPrefix}-after`} name="bodyAfter" rows={5} defaultValue={bodyAfter} className={area} aria-invalid={!!errors?.body || undefined} />
        {errors?.body && (
          <p id={`${idPrefix}-body-error`} role="alert" className="text-xs font-medium text-red-700">
            {errors.body}
          </p>
        )}
      </fieldset>
      <details className="text-sm">
        <summary className="cursor-pointer text-gray-700">Merge fields you can use</summary>
        <ul className="mt-2 grid gap-1 sm:grid-cols-2">
          {invitationMergeFields.map(([k, v]) => (
            <li key={k} className="text-gray-700">
              <code className="rounded bg-gray-100 px-1 font-mono text-xs">{`{{${k}}}`}</code> <span className="text-gray-500">{v}</span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
