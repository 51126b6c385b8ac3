import { ApiKeysTable } from "@/components/admin/api-keys/api-keys-table";
import { ApiUsage } from "@/components/admin/api-keys/api-usage";
import { CreateApiKeyForm } from "@/components/admin/api-keys/create-api-key-form";
import { formatDay } from "@/components/admin/members/format";
import { Card, PageHeader } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { requirePage } from "@/lib/auth/page-guard";
import { env } from "@/lib/env";
import { LIMITS } from "@/lib/rate-limit";
import { createApiKeyFormAction, revokeApiKeyFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "API keys" };

const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePage((await params).slug, "admin");
  const keys = await listApiKeys(ctx.db, { workspaceId: ctx.workspace.id });
  const apiBase = `${env.appUrl}/api/v1`;
  const active = keys.filter((k) => !k.revokedAt).length;
  return (
    <>
      <PageHeader
        title="API keys"
        description={`Keys let workflow tools (Zapier, Make, n8n) and your own scripts work with ${ctx.workspace.name}'s contacts and client portal through the REST API. A key acts for this workspace only.`}
      />
      <div className="space-y-6">
        <Card title="Create a key" description="Owners and admins can create and revoke keys. The key is shown once.">
          <CreateApiKeyForm slug={ctx.workspace.slug} apiBase={apiBase} action={createApiKeyFormAction} />
        </Card>
        <Card title="Keys" description={keys.length ? `${active} active, ${keys.length - active} revoked.` : undefined}>
          <ApiKeysTable
            slug={ctx.workspace.slug}
            revoke={revokeApiKeyFormAction}
            keys={keys.map((k) => ({
              id: k.id,
              name: k.name,
              prefix: k.prefix,
              createdBy: k.createdByEmail,
              created: formatDay(k.createdAt),
              createdIso: k.createdAt.toISOString(),
              lastUsed: k.lastUsedAt ? dateTime.format(k.lastUsedAt) : null,
              lastUsedIso: k.lastUsedAt?.toISOString() ?? null,
              revoked: k.revokedAt ? formatDay(k.revokedAt) : null,
            }))}
          />
        </Card>
        <Card title="How to call the API">
          <ApiUsage apiBase={apiBase} perMinute={LIMITS.apiPerKey.points} />
        </Card>
      </div>
    </>
  );
}
