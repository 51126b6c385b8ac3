import { isDltApproved } from "@/lib/sms/sender-id";
import type { DltTemplateView } from "@/lib/sms/sms-mapping";

/** The DLT templates imported so far, folded: ID, header, status and the exact content each was approved with. */
export function ImportedDltTemplates({ dlts }: { dlts: DltTemplateView[] }) {
  if (dlts.length === 0) return <p className="text-sm text-gray-600">No DLT template imported yet.</p>;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-gray-800">Imported templates ({dlts.length})</summary>
      <ul className="mt-2 divide-y divide-gray-100 rounded-md ring-1 ring-gray-200">
        {dlts.map((d) => (
          <li key={d.id} className="space-y-1 px-3 py-2">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="font-medium text-gray-900">{d.name}</span>
              <span className="font-mono text-xs text-gray-600">{d.templateId}</span>
              <span className="font-mono text-xs text-gray-600">{d.senderId}</span>
              <span className={`rounded px-1.5 py-0.5 text-xs ${isDltApproved(d.status) ? "bg-green-50 text-green-800" : "bg-gray-100 text-gray-600"}`}>{d.status}</span>
              {d.contentType.toLowerCase() === "unicode" && <span className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-600">Unicode</span>}
            </div>
            <p className="font-mono text-xs whitespace-pre-wrap text-gray-700 wrap-anywhere">{d.content}</p>
          </li>
        ))}
      </ul>
    </details>
  );
}
