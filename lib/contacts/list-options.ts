// Shared by the contacts page (server) and its toolbar (client).

export const CONTACTS_PAGE_SIZE = 50;

export const contactSorts = {
  name_asc: "Name A–Z",
  name_desc: "Name Z–A",
  newest: "Newest first",
  oldest: "Oldest first",
} as const;
export type ContactSort = keyof typeof contactSorts;

export function parseSort(s: unknown): ContactSort {
  return typeof s === "string" && s in contactSorts ? (s as ContactSort) : "name_asc";
}
