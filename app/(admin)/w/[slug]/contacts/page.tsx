import Link from "next/link";
import { ContactsTable } from "@/components/admin/contacts/contacts-table";
import { ContactsToolbar } from "@/components/admin/contacts/contacts-toolbar";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { CONTACTS_ROLE } from "@/lib/contacts/access";
import { parseSort } from "@/lib/contacts/list-options";
import { countContacts, listContacts } from "@/lib/db/queries/contacts";
import { formatPhone } from "@/lib/validation/phone";

export const dynamic = "force-dynamic";
export const metadata = { title: "Contacts" };

const notices: Record<string, string> = {
  created: "Contact added.",
  updated: "Changes saved.",
  deleted: "Contact deleted.",
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function ContactsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const ctx = await requirePage(slug, CONTACTS_ROLE);
  const q = one(sp.q).trim().slice(0, 100);
  const sort = parseSort(one(sp.sort));
  const workspaceId = ctx.workspace.id;
  const [page, total] = await Promise.all([
    listContacts(ctx.db, { workspaceId, q, sort, after: one(sp.after) || null, before: one(sp.before) || null }),
    countContacts(ctx.db, { workspaceId }),
  ]);
  const base = `/w/${ctx.workspace.slug}/contacts`;
  const href = (cursor: { after?: string; before?: string }) => {
    const p = new URLSearchParams();
    if (q) p.set("q", q);
    if (sort !== "name_asc") p.set("sort", sort);
    if (cursor.after) p.set("after", cursor.after);
    if (cursor.before) p.set("before", cursor.before);
    return `${base}?${p.toString()}`;
  };
  const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const notice = notices[one(sp.notice)];
  const actions = (
    <>
      <Link href={`${base}/import`} className={buttonClass("secondary")}>
        Import CSV
      </Link>
      <Link href={`${base}/new`} className={buttonClass("primary")}>
        Add contact
      </Link>
    </>
  );

  return (
    <>
      <PageHeader
        title="Contacts"
        description={total === 1 ? "1 contact in this workspace." : `${total.toLocaleString("en-US")} contacts in this workspace.`}
        actions={total > 0 ? actions : undefined}
      />
      <div className="space-y-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {total === 0 ? (
          <Card>
            <div className="py-10 text-center">
              <h2 className="text-base font-semibold text-gray-900">No contacts yet</h2>
              <p className="mx-auto mt-1 max-w-md text-sm text-gray-600">
                Contacts are the clients you invite to your portal. Add them one by one, or import a CSV file exported from a
                spreadsheet or another tool.
              </p>
              <div className="mt-5 flex flex-wrap justify-center gap-2">{actions}</div>
            </div>
          </Card>
        ) : (
          <Card>
            <div className="space-y-4">
              <ContactsToolbar q={q} sort={sort} />
              {page.rows.length === 0 ? (
                <p className="py-6 text-center text-sm text-gray-600">
                  {q ? `No contacts match “${q}”. Check the spelling, or search for part of a name, email or number.` : "No contacts on this page."}{" "}
                  <Link href={base} className="font-medium text-brand-700 hover:underline">
                    Show all contacts
                  </Link>
                </p>
              ) : (
                <ContactsTable
                  slug={ctx.workspace.slug}
                  caption={q ? `Contacts matching “${q}”` : "Contacts"}
                  rows={page.rows.map((c) => ({
                    id: c.id,
                    name: `${c.firstName} ${c.lastName}`.trim(),
                    email: c.email ?? "",
                    phone: formatPhone(c.phone, ctx.workspace.country),
                    company: c.company,
                    created: dateFmt.format(c.createdAt),
                    createdIso: c.createdAt.toISOString(),
                  }))}
                />
              )}
              {(page.prev || page.next) && (
                <nav aria-label="Pages" className="flex items-center justify-between gap-2 border-t border-gray-100 pt-4">
                  {page.prev ? (
                    <Link href={href({ before: page.prev })} className={buttonClass("secondary")} rel="prev">
                      ← Previous
                    </Link>
                  ) : (
                    <span />
                  )}
                  {page.next ? (
                    <Link href={href({ after: page.next })} className={buttonClass("secondary")} rel="next">
                      Next →
                    </Link>
                  ) : (
                    <span />
                  )}
                </nav>
              )}
            </div>
          </Card>
        )}
      </div>
    </>
  );
}
