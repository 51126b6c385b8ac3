import Link from "next/link";
import { ContactImport } from "@/components/admin/contacts/contact-import";
import { PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { CONTACTS_ROLE } from "@/lib/contacts/access";
import { IMPORT_MAX_ROWS } from "@/lib/contacts/import-contacts.schema";
import { addContactImportRowsAction, applyContactImportAction, startContactImportAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import contacts" };

export default async function ImportContactsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, CONTACTS_ROLE);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={`/w/${ctx.workspace.slug}/contacts`} className="text-brand-700 hover:underline">
          ← Contacts
        </Link>
      </nav>
      <PageHeader
        title="Import contacts from CSV"
        description="Export a CSV from a spreadsheet, your phone or another tool (Google Contacts, Outlook, a CRM) and bring everyone in at once."
      />
      <div className="max-w-4xl">
        <ContactImport
          slug={ctx.workspace.slug}
          maxRows={IMPORT_MAX_ROWS}
          actions={{ start: startContactImportAction, addRows: addContactImportRowsAction, apply: applyContactImportAction }}
        />
      </div>
    </>
  );
}
