import Link from "next/link";
import { notFound } from "next/navigation";
import { ContactForm } from "@/components/admin/contacts/contact-form";
import { DeleteContactButton } from "@/components/admin/contacts/delete-contact-button";
import { ContactDocuments } from "@/components/admin/documents/contact-documents";
import { ConversationLink } from "@/components/admin/inbox/conversation-link";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { CONTACTS_ROLE } from "@/lib/contacts/access";
import { getContact } from "@/lib/db/queries/contacts";
import { formatPhone, phoneHint } from "@/lib/validation/phone";
import { deleteContactFormAction, updateContactFormAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await requirePage(slug, CONTACTS_ROLE);
  const contact = await getContact(ctx.db, { workspaceId: ctx.workspace.id, id });
  if (!contact) notFound();
  const name = `${contact.firstName} ${contact.lastName}`.trim();
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={`/w/${ctx.workspace.slug}/contacts`} className="text-brand-700 hover:underline">
          ← Contacts
        </Link>
      </nav>
      <PageHeader title={name} description={`Added ${fmt.format(contact.createdAt)} UTC · last changed ${fmt.format(contact.updatedAt)} UTC`}
        actions={<ConversationLink workspace={ctx.workspace} userId={ctx.user.id} subject={{ contactId: contact.id }} name={contact.firstName.trim() || name} />}
      />
      <div className="max-w-2xl space-y-6">
        <Card title="Details">
          <ContactForm
            slug={ctx.workspace.slug}
            country={ctx.workspace.country}
            phoneHint={phoneHint(ctx.workspace.country)}
            contact={{
              id: contact.id,
              firstName: contact.firstName,
              lastName: contact.lastName,
              email: contact.email ?? "",
              phone: formatPhone(contact.phone, ctx.workspace.country),
              company: contact.company,
            }}
            save={updateContactFormAction}
          />
        </Card>
        <ContactDocuments slug={ctx.workspace.slug} workspaceId={ctx.workspace.id} contactId={contact.id} />
        <Card title="Delete this contact" description="Removes the contact, their portal access and their documents.">
          <DeleteContactButton slug={ctx.workspace.slug} contactId={contact.id} name={name} remove={deleteContactFormAction} />
        </Card>
      </div>
    </>
  );
}
