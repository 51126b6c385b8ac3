import Link from "next/link";

export type ApplicantView = {
  id: string;
  name: string;
  email: string | null;
  /** Formatted for reading. */
  phone: string | null;
  role: string;
  missing: string[];
  phoneWarning: string | null;
  revoked: boolean;
};

const roleWords: Record<string, string> = { primary: "Primary applicant", applicant: "Applicant", guarantor: "Guarantor", other: "Other" };

function words(list: string[]) {
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

/** One applicant as the send and copy screens list them: who, what is missing (with the fix), and the phone warning. */
export function ApplicantLabel({ a, base, noteId }: { a: ApplicantView; base: string; noteId: string }) {
  return (
    <span className="block text-sm">
      <span className="font-medium text-gray-900">{a.name}</span> <span className="text-xs text-gray-500">· {roleWords[a.role] ?? a.role}</span>
      <span className="block break-words text-gray-600">{[a.email, a.phone].filter(Boolean).join(" · ") || "No email or mobile number"}</span>
      <span id={noteId} className="block">
        {a.missing.length > 0 ? (
          <span className="mt-1 block text-xs font-medium text-red-700">
            Missing {words(a.missing)}.{" "}
            <Link href={`${base}/contacts/${a.id}`} className="underline">
              Edit the contact
            </Link>
          </span>
        ) : a.revoked ? (
          <span className="mt-1 block text-xs font-medium text-red-700">
            Portal access revoked.{" "}
            <Link href={`${base}/portal`} className="underline">
              Restore it on Client portal
            </Link>
          </span>
        ) : a.phoneWarning ? (
          <span className="mt-1 block text-xs text-amber-800">⚠ {a.phoneWarning}.</span>
        ) : null}
      </span>
    </span>
  );
}
