"use client";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { curlExample, type NewApiKey } from "./types";

/** The one time a key is shown in full: copy it now, it is stored only as a hash. */
export function NewKeyPanel({ created, apiBase, onDone }: { created: NewApiKey; apiBase: string; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [created.id]);
  const curl = curlExample(apiBase, created.key);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="region"
      aria-labelledby="new-key-title"
      className="space-y-3 rounded-lg bg-green-50 p-4 ring-1 ring-green-200 outline-none focus-visible:ring-2 focus-visible:ring-green-500"
      data-testid="new-api-key"
    >
      <div>
        <h3 id="new-key-title" className="text-sm font-semibold text-green-900">
          Your new key “{created.name}”
        </h3>
        <p className="mt-0.5 text-sm text-green-900">
          <strong>Copy it now: you will not see it again.</strong> We keep only a fingerprint of it. If you lose it, revoke it and create another.
        </p>
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code className="block min-w-0 flex-1 rounded-md bg-white px-3 py-2 font-mono text-sm break-all text-gray-900 ring-1 ring-green-200 select-all" data-testid="new-api-key-value">
          {created.key}
        </code>
        <CopyButton value={created.key} label="Copy key" />
      </div>
      <details className="text-sm text-green-900">
        <summary className="cursor-pointer font-medium">Try it with curl</summary>
        <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-start">
          <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-gray-900 px-3 py-2 font-mono text-xs text-gray-100">{curl}</pre>
          <CopyButton value={curl} label="Copy command" />
        </div>
      </details>
      <Button type="button" variant="secondary" onClick={onDone}>
        I have copied it
      </Button>
    </div>
  );
}
