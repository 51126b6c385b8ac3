import { EmailProfiles } from "@/components/admin/email-settings/email-profiles";
import { TemplateEditor } from "@/components/admin/email-settings/template-editor";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listEmailProfiles } from "@/lib/db/queries/email-settings";
import { listEmailTemplates, templatePreviewSamples } from "@/lib/email-settings/email-templates";
import {
  createEmailProfileFormAction,
  deleteEmailProfileFormAction,
  makeDefaultEmailProfileFormAction,
  resetEmailTemplateFormAction,
  saveEmailTemplateFormAction,
  updateEmailProfileFormAction,
} from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Email settings" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ edit?: string; template?: string }> };

export default async function EmailSettingsPage({ params, searchParams }: Props) {
  const ctx = await requirePage((await params).slug, "admin");
  // Which profile is being edited and which template is open, for a browser without JavaScript (links set them).
  const sp = await searchParams;
  const w = { workspaceId: ctx.workspace.id };
  const [profiles, templates, samples] = await Promise.all([
    listEmailProfiles(ctx.db, w),
    listEmailTemplates(ctx.db, w),
    templatePreviewSamples(ctx.db, { id: ctx.workspace.id, slug: ctx.workspace.slug }),
  ]);
  const def = profiles.find((p) => p.isDefault);
  return (
    <>
      <PageHeader title="Email settings" description="Who your client emails come from, and what they say." />
      <div className="space-y-6">
        <section id="profiles" aria-label="Email profiles" className="scroll-mt-6">
          <Card title="Email profiles" description="Invitations and login emails are sent from the default profile.">
            <EmailProfiles
              slug={ctx.workspace.slug}
              profiles={profiles.map(({ createdAt: _c, ...p }) => p)}
              editId={typeof sp.edit === "string" ? sp.edit : undefined}
              create={createEmailProfileFormAction}
              update={updateEmailProfileFormAction}
              remove={deleteEmailProfileFormAction}
              makeDefault={makeDefaultEmailProfileFormAction}
            />
          </Card>
        </section>
        <section id="templates" aria-label="Email templates" className="scroll-mt-6">
          <Card title="Email templates" description="The emails your clients get from the portal. The system tag in each is the link or code it exists to send.">
            <TemplateEditor
              slug={ctx.workspace.slug}
              templates={templates}
              samples={{ ...samples, from: def ? `${def.fromName} <${def.fromAddress}>` : null }}
              initialKind={typeof sp.template === "string" ? sp.template : undefined}
              save={saveEmailTemplateFormAction}
              reset={resetEmailTemplateFormAction}
            />
          </Card>
        </section>
      </div>
    </>
  );
}
