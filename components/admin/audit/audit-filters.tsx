import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { actionLabel } from "./action-labels";

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked or shared with a colleague. */
export function AuditFilters({ basePath, actions, action, actor }: { basePath: string; actions: string[]; action: string; actor: string }) {
  const options = action && !actions.includes(action) ? [...actions, action] : actions;
  return (
    <form method="get" action={basePath} className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end">
      <Field id="audit-action" label="Action">
        <Select id="audit-action" name="action" defaultValue={action}>
          <option value="">All actions</option>
          {options.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="audit-actor" label="Who (email contains)">
        <Input id="audit-actor" name="actor" type="search" defaultValue={actor} placeholder="name@company.com" maxLength={254} autoComplete="off" />
      </Field>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply filters
        </button>
        {(action || actor) && (
          <Link href={basePath} className={buttonClass("secondary")}>
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
