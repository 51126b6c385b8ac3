"use client";
import { useState } from "react";
import { inputClass } from "@/components/ui/field";

export type Country = { code: string; name: string };

type Props = { id: string; name: string; label: string; countries: Country[]; initial: string[]; invalid?: boolean; describedBy?: string };

/**
 * Checkboxes, one per country, in a scrolling box: a plain form post sends every ticked code, so it works without
 * JavaScript. With it, the search box narrows the list (unticked rows are hidden, never removed, so hiding does not
 * untick anything) and the ticked ones are summed up above.
 */
export function CountryChecklist({ id, name, label, countries, initial, invalid, describedBy }: Props) {
  const [selected, setSelected] = useState(() => new Set(initial));
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  // Ticked countries first (as the page loaded), then the rest by name.
  const [order] = useState(() => [...countries].sort((a, b) => Number(initial.includes(b.code)) - Number(initial.includes(a.code)) || a.name.localeCompare(b.name)));
  const toggle = (code: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(code);
      else n.delete(code);
      return n;
    });
  const names = countries.filter((c) => selected.has(c.code)).map((c) => c.name);
  return (
    <div className="space-y-2">
      <p id={`${id}-selected`} className="text-sm text-gray-700">
        {names.length === 0 ? "None selected." : `${names.length} selected: ${names.slice(0, 8).join(", ")}${names.length > 8 ? ` and ${names.length - 8} more` : ""}.`}
      </p>
      <input
        type="search"
        aria-label={`Search ${label.toLowerCase()}`}
        placeholder="Search countries or codes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className={inputClass}
      />
      <fieldset
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={`max-h-64 overflow-y-auto rounded-md bg-white px-3 py-2 ring-1 ring-inset ${invalid ? "ring-red-500" : "ring-gray-300"}`}
      >
        <legend className="sr-only">{label}</legend>
        <ul className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
          {order.map((c) => {
            const match = !q || c.name.toLowerCase().includes(q) || c.code.toLowerCase() === q;
            return (
              <li key={c.code} className={match ? "" : "hidden"}>
                <label className="flex items-center gap-2 py-0.5 text-sm text-gray-800">
                  <input
                    type="checkbox"
                    name={name}
                    value={c.code}
                    checked={selected.has(c.code)}
                    onChange={(e) => toggle(c.code, e.target.checked)}
                    className="h-4 w-4 rounded border-gray-300"
                  />
                  <span>
                    {c.name} <span className="text-gray-500">({c.code})</span>
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
    </div>
  );
}
