import { DltImport } from "@/components/admin/sms/dlt-import";
import { ImportedDltTemplates } from "@/components/admin/sms/imported-dlt-templates";
import { SenderIds } from "@/components/admin/sms/sender-ids";
import { SmsChecklist } from "@/components/admin/sms/sms-checklist";
import { SmsCredits } from "@/components/admin/sms/sms-credits";
import { SmsSwitch } from "@/components/admin/sms/sms-switch";
import { SmsTemplateEditor } from "@/components/admin/sms/sms-template-editor";
import type { ChecklistItem } from "@/components/admin/sms/types";
import { UrlWhitelist } from "@/components/admin/sms/url-whitelist";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { getSmsBalance } from "@/lib/db/queries/sms";
import { getSmsCreditSummary } from "@/lib/db/queries/sms-credits";
import { SMS_ROLE } from "@/lib/sms/access";
import { DEFAULT_DAILY_CAP } from "@/lib/sms/credits/reserve-sms-credits";
import { isDltApproved } from "@/lib/sms/sender-id";
import { loadSmsState } from "@/lib/sms/sms-state";
import { fixedPrefixHint, requiredSmsKinds, smsTemplateKinds, smsTemplateLabels } from "@/lib/sms/sms-templates";
import { isUrlCovered, portalLinkPrefix } from "@/lib/sms/whitelist";
import {
  addSenderIdFormAction,
  addWhitelistUrlFormAction,
  removeSenderIdFormAction,
  removeWhitelistUrlFormAction,
  resetSmsTemplateFormAction,
  saveSmsTemplateFormAction,
  setSmsDailyCapFormAction,
  setSmsEnabledFormAction,
} from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "SMS" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ sms?: string; ledger?: string }> };

export default async function SmsSettingsPage({ params, searchParams }: Props) {
  const ctx = await requirePage((await params).slug, SMS_ROLE);
  const sp = await searchParams;
  const w = { workspaceId: ctx.workspace.id };
  const [s, balance, today] = await Promise.all([loadSmsState(ctx.db, w), getSmsBalance(ctx.db, w), getSmsCreditSummary(ctx.db, w)]);
  const slug = ctx.workspace.slug;
  const required = portalLinkPrefix(s.portalUrl);
  // The prefix itself, followed by a token, must be covered: that is what every portal link in an SMS looks like.
  const covered = isUrlCovered(`${required.slice(0, -1)}x`, s.whitelist);
  const approved = s.dlts.filter((d) => isDltApproved(d.status)).length;
  const blocked = s.countryOk
    ? null
    : `Notification SMS can only be turned on for a workspace in India: this workspace's country is ${s.workspace.country}. Indian SMS go out under DLT-registered templates; invite clients by email instead.`;
  const items: ChecklistItem[] = [
    { label: "Notification SMS is on", done: s.enabled && s.countryOk, detail: blocked ?? (s.enabled ? undefined : "Turn it on below."), href: "#notification-sms" },
    { label: "A sender ID is registered", done: s.senderIds.length > 0, detail: s.senderIds.length ? s.senderIds.map((x) => x.senderId).join(", ") : "Add your 6-letter DLT header.", href: "#sender-ids" },
    { label: "DLT templates are imported", done: approved > 0, detail: s.dlts.length ? `${approved} approved of ${s.dlts.length} imported.` : "Upload your DLT export file.", href: "#dlt-templates" },
    ...requiredSmsKinds.map((k) => {
      const p = s.checks[k].problems[0];
      return { label: `${smsTemplateLabels[k]} SMS is mapped and matches its DLT template`, done: !p, detail: p?.message, href: `?sms=${k}#sms-templates` };
    }),
    { label: "The URL whitelist covers the portal's links", done: covered, detail: covered ? required : `Whitelist ${required} on DLT and add it below.`, href: "#whitelist" },
    { label: "There are SMS credits", done: balance > 0, detail: `Balance: ${balance.toLocaleString("en")} credit${balance === 1 ? "" : "s"}.`, href: "#sms-credits" },
    // Not a set-up step, so listed only when it stops SMS: then nothing goes out until the next day.
    ...(today.sentToday >= today.dailyCap
      ? [
          {
            label: "Today's SMS are within the daily cap",
            done: false,
            detail: `All ${today.dailyCap.toLocaleString("en")} of today's SMS are sent: no SMS, sign-in codes included, goes out until tomorrow (UTC). Raise the cap if this is expected.`,
            href: "#notification-sms",
          },
        ]
      : []),
  ];
  const inUse = [...new Set(smsTemplateKinds.map((k) => s.templates[k].senderId).filter((x): x is string => !!x))];

  return (
    <>
      <PageHeader title="SMS" description="Text messages to your clients in India: phone invitations and sign-in codes, sent under your DLT-registered templates." />
      <div className="space-y-6">
        <section id="checklist" aria-label="SMS checklist" className="scroll-mt-6">
          <Card title="Checklist" description="Every step must be done before a phone invitation or an SMS code can go out.">
            <SmsChecklist items={items} />
          </Card>
        </section>
        <section id="notification-sms" aria-label="Notification SMS" className="scroll-mt-6">
          <Card title="Notification SMS">
            <SmsSwitch
              slug={slug}
              enabled={s.enabled}
              blocked={blocked}
              dailyCap={s.workspace.sms.dailyCap ?? DEFAULT_DAILY_CAP}
              setEnabled={setSmsEnabledFormAction}
              setDailyCap={setSmsDailyCapFormAction}
            />
          </Card>
        </section>
        <section id="sender-ids" aria-label="Sender IDs" className="scroll-mt-6">
          <Card title="Sender IDs" description="The headers (sender IDs) your business registered on DLT. Leave out the -S, -T, -P or -G phones show after them.">
            <SenderIds slug={slug} senderIds={s.senderIds} inUse={inUse} add={addSenderIdFormAction} remove={removeSenderIdFormAction} />
          </Card>
        </section>
        <section id="dlt-templates" aria-label="DLT templates" className="scroll-mt-6">
          <Card title="DLT templates" description={`${s.dlts.length} imported, ${approved} approved. Upload the content-template export from your DLT portal; re-uploading updates templates by their ID.`}>
            <div className="space-y-6">
              <DltImport workspaceSlug={slug} />
              <ImportedDltTemplates dlts={s.dlts} />
            </div>
          </Card>
        </section>
        <section id="whitelist" aria-label="URL whitelist" className="scroll-mt-6">
          <Card title="URL whitelist" description="Every link in an SMS must be whitelisted on DLT for your headers. Links not listed here are refused before sending.">
            <UrlWhitelist
              slug={slug}
              entries={s.whitelist}
              required={required}
              dltLinkForm={fixedPrefixHint(s.portalUrl)}
              covered={covered}
              add={addWhitelistUrlFormAction}
              remove={removeWhitelistUrlFormAction}
            />
          </Card>
        </section>
        <section id="sms-templates" aria-label="SMS templates" className="scroll-mt-6">
          <Card title="SMS templates" description="Write each SMS, register the same text on DLT, import it, then map it here. Saving a mapping checks the text against the DLT template character by character.">
            <SmsTemplateEditor
              slug={slug}
              templates={s.templates}
              context={{ statics: s.statics, dlts: s.dlts, senderIds: s.senderIds.map((x) => x.senderId), whitelist: s.whitelist.map(({ url, kind }) => ({ url, kind })) }}
              initialKind={typeof sp.sms === "string" ? sp.sms : undefined}
              save={saveSmsTemplateFormAction}
              reset={resetSmsTemplateFormAction}
            />
          </Card>
        </section>
        <section id="sms-credits" aria-label="SMS credits" className="scroll-mt-6">
          <SmsCredits workspaceSlug={slug} workspaceId={ctx.workspace.id} role={ctx.role} ledgerAfter={typeof sp.ledger === "string" ? sp.ledger : null} />
        </section>
      </div>
    </>
  );
}
