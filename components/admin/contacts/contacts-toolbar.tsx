"use client";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { Field, Input, Select } from "@/components/ui/field";
import { contactSorts, type ContactSort } from "@/lib/contacts/list-options";

/** Search and sort; both live in the URL (?q=&sort=), so a page can be bookmarked, shared and reloaded. */
export function ContactsToolbar({ q, sort }: { q: string; sort: ContactSort }) {
  const router = useRouter();
  const path = usePathname();
  const [value, setValue] = useState(q);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pushed = useRef(q);

  // Follow the URL when it changes from outside (back button, "Show all"), never while our own update lands.
  useEffect(() => {
    if (q !== pushed.current) setValue(q);
    pushed.current = q;
  }, [q]);
  useEffect(() => {
    // A click on a link (a result, the menu) wins over a search still waiting to run, which would navigate back here.
    const cancel = (e: MouseEvent) => {
      if ((e.target as Element | null)?.closest?.("a[href]")) clearTimeout(timer.current);
    };
    document.addEventListener("click", cancel, true);
    return () => {
      document.removeEventListener("click", cancel, true);
      clearTimeout(timer.current);
    };
  }, []);

  function go(next: { q?: string; sort?: ContactSort }) {
    const params = new URLSearchParams();
    const nq = (next.q ?? value).trim();
    const ns = next.sort ?? sort;
    if (nq) params.set("q", nq);
    if (ns !== "name_asc") params.set("sort", ns);
    pushed.current = nq;
    const qs = params.toString();
    startTransition(() => router.replace(qs ? `${path}?${qs}` : path, { scroll: false }));
  }

  return (
    <form
      role="search"
      method="get"
      className="flex flex-col gap-3 sm:flex-row sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        clearTimeout(timer.current);
        go({});
      }}
    >
      <div className="flex-1">
        <Field id="contact-search" label="Search by name, email, phone or company">
          <Input
            id="contact-search"
            name="q"
            type="search"
            value={value}
            autoComplete="off"
            placeholder="e.g. Asha, @acme.com, 98765 43210"
            onChange={(e) => {
              const v = e.target.value;
              setValue(v);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => go({ q: v }), 300);
            }}
          />
        </Field>
      </div>
      <div className="sm:w-48">
        <Field id="contact-sort" label="Sort by">
          <Select id="contact-sort" name="sort" value={sort} onChange={(e) => go({ sort: e.target.value as ContactSort })}>
            {Object.entries(contactSorts).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <span aria-live="polite" className="sr-only">
        {pending ? "Loading contacts" : ""}
      </span>
      <noscript>
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-2 text-sm text-white">
          Search
        </button>
      </noscript>
    </form>
  );
}
