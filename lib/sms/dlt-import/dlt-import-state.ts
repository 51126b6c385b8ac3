import type { ActionResult } from "@/lib/errors";
import type { DltImportResult } from "./import-dlt-templates";
import type { DltPreview } from "./preview-dlt-import";

// What the DLT import form's action hands back (types only: the client component imports this).

export type DltImportState =
  | { step?: undefined }
  | { step: "upload"; result: ActionResult<never> }
  | {
      step: "preview";
      result: { ok: true; data: DltPreview };
      /**
       * The file, gzipped and base64-encoded, for the confirm (or a new column mapping) to post back; absent when the
       * browser sent it gzipped itself (it keeps the file, and this state is posted back with every call).
       */
      staged?: string;
      fileName: string;
      /** Why the import the admin confirmed was refused, if it was. */
      refused?: string;
    }
  | { step: "done"; result: { ok: true; data: DltImportResult } };
