import Link from "next/link";
import { Alert, PageHeader } from "@/components/ui/card";

export default async function Forbidden({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <>
      <PageHeader title="Not available for your role" />
      <Alert tone="warning">
        Your role in this workspace does not give access to that page. Ask an owner or admin if you need it.{" "}
        <Link className="font-medium underline" href={`/w/${slug}`}>
          Back to the dashboard
        </Link>
      </Alert>
    </>
  );
}
