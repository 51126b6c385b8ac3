import { adminRoute } from "@/lib/actions/admin-route";
import { errorMessages, isAppError, statusFor, type AppErrorCode } from "@/lib/errors";
import { maxUploadBytes } from "@/lib/files/files-env";
import { jsonAnswer, safeReturnTo, seeOtherWith, wantsJson } from "@/lib/files/portal-file-answers";
import { storeUpload } from "@/lib/files/upload-request-file";
import { readUploads } from "@/lib/hub-documents/read-uploads";
import { checkUploadFields, discard, recordSharedFiles, sharedPrefix, type UploadFields } from "@/lib/hub-documents/upload-shared-files";
import { sameOrigin } from "@/lib/portal/portal-request";

export const dynamic = "force-dynamic";

const codeOf = (e: unknown): AppErrorCode => (isAppError(e) ? e.code : "INTERNAL");

/**
 * The team uploads one or several files (multipart: `folderId`, `note`, then one or more `file` parts; optional
 * `returnTo`). JSON for the page's uploader (Accept: application/json): `{ files: [{ name, id } | { name, error }] }`;
 * a plain form gets a 303 back with ?uploaded=N and ?error=CODE for the first refused file.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!sameOrigin(request.headers, request.headers.get("host") ?? "")) return new Response("Cross-site request refused", { status: 403 });
  const ctx = await adminRoute(slug, "admin");
  if (ctx instanceof Response) return ctx;
  const base = `/w/${ctx.workspace.slug}/documents`;
  const maxBytes = maxUploadBytes();
  let fields: UploadFields | null = null;
  let fieldError: unknown;
  const out = await readUploads(request, {
    maxBytes,
    handle: async (file, filename, raw) => {
      // Fields come first in the form, so they are known (and checked) before the first byte is stored.
      if (!fields && fieldError === undefined) fields = await checkUploadFields(ctx, raw).catch((e) => ((fieldError = e), null));
      if (fieldError !== undefined) throw fieldError;
      return { stored: await storeUpload(file, { maxBytes, prefix: sharedPrefix(ctx.workspace.id) }), filename };
    },
  });
  const returnTo = safeReturnTo(out.fields.returnTo, base).startsWith(`${base}`) ? safeReturnTo(out.fields.returnTo, base) : base;
  const stored = out.files.flatMap((f) => (f.result ? [f.result] : []));
  if (out.error !== undefined && out.files.length > 0) {
    // The body broke: keep nothing from it.
    await discard(stored.map((s) => s.stored.key));
    return answer(request, returnTo, [], [{ name: "", code: codeOf(out.error) }]);
  }
  if (out.error !== undefined) return answer(request, returnTo, [], [{ name: "", code: codeOf(out.error) }]);
  const failed = out.files.flatMap((f) => (f.error !== undefined ? [{ name: f.filename, code: codeOf(f.error) }] : []));
  for (const f of out.files) if (f.error !== undefined && !isAppError(f.error)) console.error(f.error);
  let written: { id: string; name: string }[] = [];
  if (stored.length && fields) {
    try {
      written = await recordSharedFiles(ctx, fields, stored);
    } catch (e) {
      if (!isAppError(e)) console.error(e);
      return answer(request, returnTo, [], [{ name: "", code: codeOf(e) }]);
    }
  }
  return answer(request, returnTo, written, failed);
}

function answer(request: Request, returnTo: string, ok: { id: string; name: string }[], failed: { name: string; code: AppErrorCode }[]): Response {
  if (wantsJson(request)) {
    const files = [...ok.map((f) => ({ id: f.id, name: f.name })), ...failed.map((f) => ({ name: f.name, error: { code: f.code, message: errorMessages[f.code] } }))];
    const status = ok.length ? 201 : failed.length ? statusFor(failed[0].code) : 400;
    return jsonAnswer({ files }, status);
  }
  const params: Record<string, string> = {};
  if (ok.length) params.uploaded = String(ok.length);
  if (failed.length) params.error = failed[0].code;
  return seeOtherWith(returnTo, params);
}
