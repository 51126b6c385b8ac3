import { CopyButton } from "@/components/ui/copy-button";
import { curlExample } from "./types";

const endpoints: [string, string, string][] = [
  ["GET", "/contacts", "List contacts (search with q, page with cursor)"],
  ["POST", "/contacts", "Create a contact"],
  ["POST", "/portal/invitations", "Invite a contact to the portal"],
  ["GET", "/portal/users?status=joined", "List portal users by status"],
  ["GET", "/portal/users/{id}/magic-link", "A portal user's magic link"],
  ["POST", "/portal/login-emails", "Send login emails"],
];

/** The short "how to call it" box: the base URL, a curl line, the endpoints and the full reference. */
export function ApiUsage({ apiBase, perMinute }: { apiBase: string; perMinute: number }) {
  const curl = curlExample(apiBase);
  return (
    <div className="space-y-4 text-sm text-gray-700">
      <p>
        Send the key in the <code className="rounded bg-gray-100 px-1 font-mono text-xs">Authorization</code> header of every request. Answers are JSON; errors
        carry a <code className="rounded bg-gray-100 px-1 font-mono text-xs">code</code> to branch on.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-gray-900 px-3 py-2 font-mono text-xs text-gray-100" data-testid="api-curl">
          {curl}
        </pre>
        <CopyButton value={curl} label="Copy command" />
      </div>
      <ul className="divide-y divide-gray-100 rounded-md ring-1 ring-gray-200">
        {endpoints.map(([method, path, what]) => (
          <li key={`${method} ${path}`} className="flex flex-col gap-0.5 px-3 py-2 sm:flex-row sm:items-baseline sm:gap-3">
            <code className="shrink-0 font-mono text-xs text-gray-900">
              <span className={`inline-block w-11 font-semibold ${method === "GET" ? "text-blue-700" : "text-green-700"}`}>{method}</span>
              {path}
            </code>
            <span className="text-gray-600 sm:ml-auto sm:text-right">{what}</span>
          </li>
        ))}
      </ul>
      <p>
        Full reference (OpenAPI 3.1, importable into Postman and most workflow tools):{" "}
        <a href={`${apiBase}/openapi.json`} className="font-medium break-all text-brand-700 hover:underline" target="_blank" rel="noreferrer">
          {apiBase}/openapi.json
        </a>
        . Each key may make {perMinute.toLocaleString("en")} requests a minute.
      </p>
    </div>
  );
}
