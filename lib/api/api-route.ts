import "server-only";
import { z } from "zod";
import { authenticateApiKey, type ApiKeyPrincipal } from "@/lib/api-keys/authenticate-api-key";
import { getDb } from "@/lib/db";
import { AppError, errorMessages, fieldErrorsOf, isAppError, statusFor, type AppErrorCode } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { clientIp } from "@/lib/request-ip";
import { assertStorable, findUnstorable } from "@/lib/validation/storable-text";

/** What an API handler runs with: the same OpsCtx the admin UI passes to an operation, acting as the key. */
export type ApiCtx = OpsCtx & { apiKey: ApiKeyPrincipal["key"] };

export type ApiErrorBody = { error: { code: AppErrorCode; message: string; field?: string; fields?: Record<string, string[]> } };

export const MAX_BODY_BYTES = 1_000_000;

const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

/** A JSON response that no cache keeps: API answers carry client data and magic links. */
export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(data, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

export function errorResponse(code: AppErrorCode, extra: { message?: string; field?: string; fields?: Record<string, string[]>; headers?: Record<string, string> } = {}) {
  const body: ApiErrorBody = { error: { code, message: extra.message ?? errorMessages[code] } };
  if (extra.field) body.error.field = extra.field;
  if (extra.fields) body.error.fields = extra.fields;
  return json(body, { status: statusFor(code), headers: extra.headers });
}

/** The request's JSON body: INVALID_JSON when it does not parse, BODY_TOO_LARGE past 1 MB, TEXT_UNSTORABLE. */
export async function readJson(req: Request): Promise<unknown> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw new AppError("BODY_TOO_LARGE");
  let text: string;
  try {
    text = await req.text();
  } catch {
    throw new AppError("INVALID_JSON", undefined, "The request body did not arrive intact.");
  }
  if (text.length > MAX_BODY_BYTES) throw new AppError("BODY_TOO_LARGE");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_JSON");
  }
  assertStorable(body);
  return body;
}

/** The query string through a zod schema (a ZodError becomes 422 VALIDATION_FAILED with `fields`). */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  assertStorable(query);
  return schema.parse(query);
}

type Handler<P> = (ctx: ApiCtx, req: Request, params: P) => Promise<Response>;

/**
 * Every /api/v1 handler goes through this: the Bearer key (401 API_KEY_INVALID), the per-key rate limit (429 with
 * Retry-After), then the handler; ZodErrors become 422 VALIDATION_FAILED with `fields`, AppErrors their code and
 * status, anything else is logged and answered 500 INTERNAL without details. Every answer is JSON and no-store.
 */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(run: Handler<P>) {
  return async (req: Request, context?: { params: Promise<P> }): Promise<Response> => {
    try {
      const db = getDb();
      const principal = await authenticateApiKey(db, req.headers.get("authorization"));
      const limit = await consumeLimit(db, LIMITS.apiPerKey, principal.key.id);
      if (!limit.ok) return errorResponse("RATE_LIMITED", { headers: { "retry-after": String(limit.retryAfterSec) } });
      const ctx: ApiCtx = {
        db,
        workspace: principal.workspace,
        user: { id: null, email: `API key “${principal.key.name}” (${principal.key.prefix}…)` },
        apiKey: principal.key,
        ip: clientIp(req.headers),
        userAgent: req.headers.get("user-agent"),
      };
      const params = ((await context?.params) ?? {}) as P;
      // A path segment no row can have (a NUL) is simply not found; the handlers check ids' shape themselves.
      if (findUnstorable(params)) throw new AppError("NOT_FOUND");
      return await run(ctx, req, params);
    } catch (e) {
      return toErrorResponse(e, req);
    }
  };
}

export function toErrorResponse(e: unknown, req: Request): Response {
  if (e instanceof z.ZodError) return errorResponse("VALIDATION_FAILED", { fields: fieldErrorsOf(e) });
  if (isAppError(e)) {
    const headers = e.code === "API_KEY_INVALID" ? { "www-authenticate": 'Bearer realm="api"' } : undefined;
    return errorResponse(e.code, { message: e.message, field: e.field, fields: e.field ? { [e.field]: [e.message] } : undefined, headers });
  }
  console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed`, e);
  return errorResponse("INTERNAL");
}
