import { SecurityForm } from "@/components/admin/settings/security-form";
import { UserTypes } from "@/components/admin/settings/user-types";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listUserTypesWithCounts } from "@/lib/portal/save-user-type";
import { getSmsReadiness } from "@/lib/sms/sms-readiness";
import { getSecuritySettings } from "@/lib/workspaces/update-security";
import { createUserTypeFormAction, makeDefaultUserTypeFormAction, updateSecurityFormAction, updateUserTypeFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign-in & security" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ edit?: string }> };

export default async function PortalSettingsPage({ params, searchParams }: Props) {
  const ctx = await requirePage((await params).slug, "admin");
  // The user type being edited, for a browser without JavaScript (Edit is a link that sets it).
  const { edit } = await searchParams;
  const w = { workspaceId: ctx.workspace.id };
  const [types, security, sms] = await Promise.all([listUserTypesWithCounts(ctx.db, w), getSecuritySettings(ctx.db, w), getSmsReadiness(ctx.db, w)]);
  // What phone types still need, in words (Settings → SMS shows the full checklist).
  const phoneMissing = sms.ready
    ? null
    : [
        ...(sms.enabled ? [] : ["Notification SMS is off"]),
        ...Object.values(sms.kinds)
          .filter((k) => !k.ready)
          .map((k) => k.problem ?? "an SMS template is not ready"),
      ].join("; ");
  return (
    <>
      <PageHeader title="Sign-in & security" description="How your clients sign in to the portal, and for how long their links and sessions last." />
      <div className="space-y-6">
        <section id="user-types" aria-label="User types" className="scroll-mt-6">
          <Card title="User types" description="Each client is invited as a type; the type decides how they sign in.">
            <UserTypes
              slug={ctx.workspace.slug}
              types={types}
              editId={typeof edit === "string" ? edit : undefined}
              create={createUserTypeFormAction}
              update={updateUserTypeFormAction}
              makeDefault={makeDefaultUserTypeFormAction}
              phoneMissing={phoneMissing}
            />
          </Card>
        </section>
        <section id="sessions" aria-label="Links and sessions" className="scroll-mt-6">
          <Card title="Links and sessions" description="One personal link per client is active at a time; a new one replaces the old at once.">
            <SecurityForm slug={ctx.workspace.slug} initial={security} action={updateSecurityFormAction} />
          </Card>
        </section>
      </div>
    </>
  );
}
