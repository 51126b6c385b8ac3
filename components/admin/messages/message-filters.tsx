import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { MESSAGE_STATUSES, type MessageChannel, type MessageStatus } from "@/lib/db/queries/messages";
import { statusLabel } from "./status-badge";

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked or shared. */
export function MessageFilters({ basePath, status, channel, to }: { basePath: string; status: MessageStatus | null; channel: MessageChannel | null; to: string }) {
  return (
    <form method="get" action={basePath} className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.5fr)_auto] sm:items-end">
      <Field id="messages-status" label="Status">
        <Select id="messages-status" name="status" defaultValue={status ?? ""}>
          <option value="">Any status</option>
          {MESSAGE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="messages-channel" label="Channel">
        <Select id="messages-channel" name="channel" defaultValue={channel ?? ""}>
          <option value="">Email and SMS</option>
          <option value="email">Email</option>
          <option value="sms">SMS</option>
        </Select>
      </Field>
      <Field id="messages-to" label="Recipient (contains)">
        <Input id="messages-to" name="to" type="search" defaultValue={to} placeholder="name@company.com or +91…" maxLength={254} autoComplete="off" />
      </Field>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply filters
        </button>
        {(status || channel || to) && (
          <Link href={basePath} className={buttonClass("secondary")}>
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
