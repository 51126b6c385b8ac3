import Link from "next/link";
import { ClientCentreSettingsForm } from "@/components/admin/client-centre-settings/client-centre-settings-form";
import { PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { requirePage } from "@/lib/auth/page-guard";
import { geoSource } from "@/lib/security/geo";
import { knownCountries } from "@/lib/workspaces/update-client-centre-settings-schema";
import { getClientCentreSettings } from "@/lib/workspaces/update-client-centre-settings";
import { updateClientCentreSettingsFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Client Centre" };

type Props = { params: Promise<{ slug: string }> };

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const countries = knownCountries.map((code) => ({ code, name: regionNames.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name));

export default async function ClientCentreSettingsPage({ params }: Props) {
  const ctx = await requirePage((await params).slug, "admin");
  const settings = await getClientCentreSettings(ctx.db, { workspaceId: ctx.workspace.id });
  const src = geoSource();
  const source =
    src.kind === "header" ? (
      <>
        On this server the country comes from the <code className="font-mono text-xs">{src.header}</code> header set by the proxy in front of the app
        (GEO_COUNTRY_HEADER). Requests without it count as unknown.
      </>
    ) : src.kind === "database" ? (
      <>
        On this server the country comes from the client&apos;s IP address, looked up in the offline IP-to-country database shipped with the app
        {src.version ? ` (version ${src.version})` : ""}. A client on a VPN or corporate proxy shows as that network&apos;s country.
      </>
    ) : (
      <>
        Country lookup is off on this server (GEO_LOOKUP=off, no GEO_COUNTRY_HEADER): every client&apos;s country is unknown, so only the choice for
        unknown countries applies.
      </>
    );
  return (
    <>
      <PageHeader
        title="Client Centre"
        description="Two-factor access to requests: how often clients re-authenticate, where they may open the portal from, and where codes are texted."
        actions={
          <Link href={`/w/${ctx.workspace.slug}/settings/client-centre/templates`} className={buttonClass("secondary")}>
            Invitation email templates
          </Link>
        }
      />
      <ClientCentreSettingsForm slug={ctx.workspace.slug} initial={settings} countries={countries} geoSource={source} action={updateClientCentreSettingsFormAction} />
    </>
  );
}
