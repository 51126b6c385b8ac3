// `never` params: any route handler fits, whatever its own params type.
type Handler = (req: Request, context: { params: Promise<never> }) => Response | Promise<Response>;

/**
 * Calls a /api/v1 route handler the way Next does: a real Request on the app host, the path's params as a Promise.
 * `key` becomes `Authorization: Bearer …`; `authorization` sets the header verbatim (or omits it when null).
 */
export async function callApi(
  handler: Handler,
  path: string,
  opts: { method?: string; key?: string; authorization?: string | null; body?: unknown; rawBody?: string; params?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { host: "localhost:3000", "x-forwarded-for": "203.0.113.7", "user-agent": "vitest-api" };
  const auth = opts.authorization !== undefined ? opts.authorization : opts.key ? `Bearer ${opts.key}` : null;
  if (auth !== null) headers.authorization = auth;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const method = opts.method ?? (body !== undefined ? "POST" : "GET");
  const res = await handler(new Request(`http://localhost:3000/api/v1${path}`, { method, headers, body }), { params: Promise.resolve(opts.params ?? {}) as Promise<never> });
  const text = await res.text();
  let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
