import Link from "next/link";
import { notFound } from "next/navigation";
import { hiddenContent, providerLabel, templateLabel } from "@/components/admin/messages/labels";
import { MessageTimeline, timelineOf } from "@/components/admin/messages/message-timeline";
import { StatusBadge } from "@/components/admin/messages/status-badge";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listMessageEvents } from "@/lib/db/queries/messages";
import { getWorkspaceMessage } from "@/lib/messaging/get-workspace-message";
import { encodingLabel, smsFactsOf } from "@/lib/sms/sms-facts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Message" };

const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export default async function MessagePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await requirePage(slug, "admin");
  const workspaceId = ctx.workspace.id;
  const [m, events] = await Promise.all([getWorkspaceMessage(ctx.db, { workspaceId, id }), listMessageEvents(ctx.db, { workspaceId, messageId: id })]);
  if (!m) notFound();
  const secret = hiddenContent(m.template);
  const sms = m.channel === "sms" ? smsFactsOf(m.sms) : null;
  const code = (v: string | null | undefined) => (v ? <code className="font-mono text-xs break-all">{v}</code> : "—");
  // What the operator checks an Indian SMS against, and what it costs (DESIGN.md §10).
  const smsFacts: [string, React.ReactNode][] =
    m.channel === "sms"
      ? [
          ["Sender ID", code(sms?.senderId)],
          ["DLT template", code(sms?.dltTemplateId)],
          ["MSG91 template", code(sms?.msg91TemplateId)],
          [
            "Segments",
            `${sms?.segments ?? m.credits ?? "—"}${sms?.encoding ? ` (${encodingLabel(sms.encoding)})` : ""}${m.credits !== null ? ` · ${m.credits} credit${m.credits === 1 ? "" : "s"} reserved` : ""}`,
          ],
        ]
      : [];
  const from = m.fromAddress ? (m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress) : null;
  const facts: [string, React.ReactNode][] = [
    ["Status", <StatusBadge key="s" status={m.status} />],
    ["To", m.to],
    ...(from ? ([["From", from]] as [string, string][]) : []),
    ...(m.replyTo ? ([["Reply to", m.replyTo]] as [string, string][]) : []),
    ["Channel", m.channel === "sms" ? "SMS" : "Email"],
    ["Template", m.template ? `${templateLabel(m.template)} (${m.template})` : "—"],
    ...smsFacts,
    ["Queued", `${fmt.format(m.createdAt)} UTC`],
    ["Sent", m.sentAt ? `${fmt.format(m.sentAt)} UTC` : "—"],
    ["Delivered", m.deliveredAt ? `${fmt.format(m.deliveredAt)} UTC` : "—"],
    ["Attempts", String(m.attempts)],
    ["Provider", providerLabel(m.provider) ?? "—"],
    ["Provider id", m.providerId ? <code key="p" className="font-mono text-xs break-all">{m.providerId}</code> : "—"],
  ];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={`/w/${ctx.workspace.slug}/messages`} className="text-brand-700 hover:underline">
          ← Messages
        </Link>
      </nav>
      <PageHeader title={m.subject ?? templateLabel(m.template) ?? (m.channel === "sms" ? "Text message" : "(no subject)")} description={`To ${m.to}`} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <div className="min-w-0 space-y-6">
          {m.lastError && (
            <Alert tone={m.status === "complained" ? "warning" : "error"}>
              <span className="font-medium">
                {m.status === "bounced" ? "Bounced: " : m.status === "complained" ? "Complaint: " : m.channel === "sms" && m.status === "failed" ? "Not delivered: " : "Last error: "}
              </span>
              {m.lastError}
            </Alert>
          )}
          <Card title="Details">
            <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
              {facts.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-gray-500">{k}</dt>
                  <dd className="min-w-0 break-words text-gray-900">{v}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card
            title="Timeline"
            description={
              events.length
                ? undefined
                : m.channel === "sms"
                  ? "No delivery report yet. With MSG91's delivery-report webhook set up, deliveries and the operator's reasons for failures appear here."
                  : "No provider events yet. With Resend webhooks set up, deliveries, bounces and complaints appear here."
            }
          >
            <MessageTimeline items={timelineOf(m, events)} />
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          {secret ? (
            <Card title="Content">
              <Alert tone="info">{secret}</Alert>
            </Card>
          ) : (
            <>
              {m.html && (
                <Card title="As the recipient sees it">
                  <iframe title={`Email to ${m.to}`} srcDoc={m.html} sandbox="" className="h-[32rem] w-full rounded border border-gray-200 bg-white" />
                </Card>
              )}
              <Card title={m.html ? "Plain-text version" : "Content"}>
                <pre className="max-h-[32rem] overflow-auto rounded bg-gray-50 p-3 text-xs whitespace-pre-wrap text-gray-800 [overflow-wrap:anywhere]">{m.text}</pre>
              </Card>
            </>
          )}
        </div>
      </div>
    </>
  );
}
