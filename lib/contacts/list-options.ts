// Shared by the contacts page (server) and its toolbar (client).

import type { ContactSort } from "@/lib/db/queries/contacts";
export type { ContactSort };

export const contactSorts: Record<ContactSort, string> = {
  name_asc: "Name A–Z",
  name_desc: "Name Z–A",
  newest: "Newest first",
  oldest: "Oldest first",
};

export function parseSort(s: unknown): ContactSort {
  return typeof s === "string" && s in contactSorts ? (s as ContactSort) : "name_asc";
}
