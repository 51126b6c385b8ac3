import { BrandingForm } from "@/components/admin/settings/branding-form";
import { PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { getBranding } from "@/lib/workspaces/update-branding";
import { updateBrandingFormAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Portal branding" };

export default async function BrandingPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePage((await params).slug, "admin");
  const b = await getBranding(ctx);
  return (
    <>
      <PageHeader title="Portal branding" description="How your client portal and the emails it sends look to your clients." />
      <BrandingForm
        slug={ctx.workspace.slug}
        action={updateBrandingFormAction}
        initial={{
          portalName: b.portalName ?? ctx.workspace.name,
          primaryColor: b.primaryColor ?? "#4f46e5",
          logoUrl: b.logoUrl ?? "",
          faviconUrl: b.faviconUrl ?? "",
          supportEmail: b.supportEmail ?? "",
        }}
      />
    </>
  );
}
