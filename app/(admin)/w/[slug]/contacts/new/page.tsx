import Link from "next/link";
import { ContactForm } from "@/components/admin/contacts/contact-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { CONTACTS_ROLE } from "@/lib/contacts/access";
import { phoneHint } from "@/lib/validation/phone";
import { createContactFormAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Add a contact" };

export default async function NewContactPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requirePage(slug, CONTACTS_ROLE);
  return (
    <>
      <PageHeader
        title="Add a contact"
        description={
          <>
            Many at once?{" "}
            <Link href={`/w/${ctx.workspace.slug}/contacts/import`} className="font-medium text-brand-700 hover:underline">
              Import a CSV file
            </Link>
            .
          </>
        }
      />
      <div className="max-w-2xl">
        <Card>
          <ContactForm slug={ctx.workspace.slug} country={ctx.workspace.country} phoneHint={phoneHint(ctx.workspace.country)} save={createContactFormAction} />
        </Card>
      </div>
    </>
  );
}
