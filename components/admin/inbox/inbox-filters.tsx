import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** A plain GET form: the search and filters live in the URL (no addresses: a typed term is the admin's own). */
export function InboxFilters({ basePath, q, unread, mine }: { basePath: string; q: string; unread: boolean; mine: boolean }) {
  return (
    <form method="get" action={basePath} role="search" className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
      <div className="min-w-0 flex-1 sm:min-w-64">
        <label htmlFor="inbox-q" className="block text-sm font-medium text-gray-800">
          Search
        </label>
        <input id="inbox-q" name="q" type="search" defaultValue={q} maxLength={100} placeholder="Name, email, phone, opportunity or words in a message" className={`mt-1 ${inputClass}`} autoComplete="off" />
      </div>
      <fieldset className="flex gap-4 text-sm text-gray-800">
        <legend className="sr-only">Filters</legend>
        <label className="flex items-center gap-2 py-2">
          <input type="checkbox" name="unread" value="1" defaultChecked={unread} className="h-4 w-4 rounded border-gray-300" /> Unread
        </label>
        <label className="flex items-center gap-2 py-2">
          <input type="checkbox" name="mine" value="1" defaultChecked={mine} className="h-4 w-4 rounded border-gray-300" /> Assigned to me
        </label>
      </fieldset>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Search
        </button>
        {(q || unread || mine) && (
          <Link href={basePath} className={buttonClass("secondary")}>
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
