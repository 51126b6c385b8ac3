import type { ImportField } from "./import-contacts.schema";

// Guesses which CSV column feeds which contact field from the header text, as exported by spreadsheets,
// Google Contacts ("E-mail 1 - Value"), Outlook ("Mobile Phone") and CRMs ("Email Address", "Full name").

const exact: Record<string, ImportField> = {};
const add = (field: ImportField, names: string[]) => names.forEach((n) => (exact[n] = field));
add("firstName", ["firstname", "first", "givenname", "given", "forename", "fname", "name1"]);
add("lastName", ["lastname", "last", "surname", "familyname", "family", "lname"]);
add("fullName", ["fullname", "name", "contactname", "displayname", "contact", "clientname", "customername", "customer", "client"]);
add("email", ["email", "emailaddress", "mail", "emailid", "mailid", "email1", "primaryemail", "workemail"]);
add("phone", ["phone", "phonenumber", "mobile", "mobilenumber", "mobilephone", "mobileno", "cell", "cellphone", "cellnumber", "telephone", "tel", "whatsapp", "whatsappnumber", "contactnumber", "phoneno", "number"]);
add("company", ["company", "companyname", "organisation", "organization", "organisationname", "organizationname", "business", "businessname", "employer", "firm", "account", "accountname"]);

const contains: [RegExp, ImportField][] = [
  [/e-?mail/, "email"],
  [/phone|mobile|cell|whatsapp|tel/, "phone"],
  [/first|given/, "firstName"],
  [/last|surname|family/, "lastName"],
  [/compan|organi[sz]ation|business/, "company"],
  [/name/, "fullName"],
];

const shortLabels: Record<ImportField, string> = {
  firstName: "First name",
  lastName: "Last name",
  fullName: "Full name",
  email: "Email",
  phone: "Phone",
  company: "Company",
};

const squash = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");

/** One guess per column (null = ignore); each field is taken by the first column that claims it. */
export function guessMapping(headers: string[]): (ImportField | null)[] {
  const taken = new Set<ImportField>();
  const out: (ImportField | null)[] = headers.map(() => null);
  const claim = (i: number, f: ImportField | undefined) => {
    if (f && !taken.has(f) && out[i] === null) {
      out[i] = f;
      taken.add(f);
    }
  };
  headers.forEach((h, i) => claim(i, exact[squash(h)]));
  headers.forEach((h, i) => {
    const lower = h.toLowerCase();
    if (/\b(type|label|status|opt|verified)\b/.test(lower)) return; // "E-mail 1 - Type" describes, it is not the value
    claim(i, contains.find(([re]) => re.test(lower))?.[1]);
  });
  // Separate first and last name columns beat a full-name column.
  if (taken.has("firstName") && taken.has("fullName")) out[out.indexOf("fullName")] = null;
  return out;
}

/** "Mary Ann Smith" → first "Mary Ann", last "Smith"; one word is a first name only. */
export function splitFullName(full: string): { firstName: string; lastName: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { firstName: parts[0] ?? "", lastName: "" };
  return { firstName: parts.slice(0, -1).join(" "), lastName: parts[parts.length - 1] };
}

/** Problems with a mapping that would make the import pointless, in the words the page shows. */
export function mappingProblems(mapping: (ImportField | null)[]): string[] {
  const problems: string[] = [];
  const has = (f: ImportField) => mapping.includes(f);
  if (!has("firstName") && !has("fullName")) problems.push("Map a column to First name (or Full name) before importing.");
  if (!has("email") && !has("phone")) problems.push("Map a column to Email or Phone before importing: contacts are matched and invited by them.");
  const counts = new Map<ImportField, number>();
  mapping.forEach((f) => f && counts.set(f, (counts.get(f) ?? 0) + 1));
  for (const [f, n] of counts) if (n > 1) problems.push(`Only one column can be mapped to ${shortLabels[f]}.`);
  return problems;
}
