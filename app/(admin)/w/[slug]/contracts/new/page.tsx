import { ContractUploadForm } from "@/components/admin/contracts/upload-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { opportunityChoices } from "@/lib/db/queries/contracts";
import { messageForCode } from "@/lib/errors";
import { maxUploadBytes } from "@/lib/files/files-env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Upload a contract" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
// The route sends a plain form back here with the code and the field; the words come from the same schema's rules.
const fieldWords: Record<string, string> = {
  title: "Give the document a title (up to 200 characters).",
  message: "Keep the message under 2,000 characters.",
  kind: "Choose contract or proposal.",
  signingOrder: "Choose whether signers sign in order or all at once.",
  opportunityId: "Pick an opportunity from the list.",
};

export default async function NewContractPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const ctx = await requirePage(slug, "admin");
  const opportunities = await opportunityChoices(ctx.db, { workspaceId: ctx.workspace.id });
  const code = one(sp.error);
  const field = one(sp.field);
  const error = !code ? undefined : code === "VALIDATION_FAILED" ? (fieldWords[field] ?? "Check the form and try again.") : messageForCode(code);
  const errorField = code === "VALIDATION_FAILED" || code === "TEXT_UNSTORABLE" ? field : code.startsWith("CONTRACT_") || code.startsWith("FILE_") ? "file" : undefined;
  return (
    <>
      <PageHeader title="Upload a contract or proposal" description="Next you choose the signers and place their fields." />
      <div className="max-w-2xl">
        <Card>
          <ContractUploadForm postTo={`/api/w/${ctx.workspace.slug}/contracts`} draftBase={`/w/${ctx.workspace.slug}/contracts`} maxBytes={maxUploadBytes()} opportunities={opportunities} error={error} errorField={errorField} />
        </Card>
      </div>
    </>
  );
}
