import { EmailProfiles } from "@/components/admin/email-settings/email-profiles";
import { TemplateEditor } from "@/components/admin/email-settings/template-editor";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listEmailProfiles } from "@/lib/db/queries/email-settings";
import { listEmailTemplates, templatePreviewSamples } from "@/lib/email-settings/email-templates";
import {
  createEmailProfileAction,
  deleteEmailProfileAction,
  makeDefaultEmailProfileAction,
  resetEmailTemplateAction,
  saveEmailTemplateAction,
  updateEmailProfileAction,
} from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Email settings" };

export default async function EmailSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePage((await params).slug, "admin");
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
              create={createEmailProfileAction}
              update={updateEmailProfileAction}
              remove={deleteEmailProfileAction}
              makeDefault={makeDefaultEmailProfileAction}
            />
          </Card>
        </section>
        <section id="templates" aria-label="Email templates" className="scroll-mt-6">
          <Card title="Email templates" description="The emails your clients get from the portal. The system tag in each is the link or code it exists to send.">
            <TemplateEditor
              slug={ctx.workspace.slug}
              templates={templates}
              samples={{ ...samples, from: def ? `${def.fromName} <${def.fromAddress}>` : null }}
              save={saveEmailTemplateAction}
              reset={resetEmailTemplateAction}
            />
          </Card>
        </section>
      </div>
    </>
  );
}
