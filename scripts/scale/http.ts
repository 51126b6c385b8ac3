// HTTP as a browser or an API client sends it, to 127.0.0.1 with the Host it is meant for (Node does not resolve
// *.localhost), one connection per request so no keep-alive socket ties a client to one instance.
import http from "node:http";

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; servedBy: string | null };

export function request(
  port: number,
  o: { method?: string; path: string; host: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: o.method ?? "GET", path: o.path, agent: false, headers: { host: o.host, ...o.headers }, timeout: o.timeoutMs ?? 30_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => {
          const by = res.headers["x-served-by"];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, servedBy: typeof by === "string" ? by : null });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${o.method ?? "GET"} ${o.path}`)));
    req.on("error", reject);
    req.end(o.body);
  });
}

export const get = (port: number, path: string, host: string, headers: Record<string, string> = {}) => request(port, { path, host, headers });

/** A url-encoded form POST from a page of `host` (same-origin, as the portal's forms require). */
export function postForm(port: number, path: string, host: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return request(port, {
    method: "POST",
    path,
    host,
    headers: { origin: `http://${host}`, "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The cookies a response sets, as `name=value` (deletions left out). */
export function cookiesOf(a: Answer): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of [a.headers["set-cookie"] ?? []].flat()) {
    if (/;\s*max-age=0/i.test(c)) continue;
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    out.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
  return out;
}

const decode = (s: string) =>
  s.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (_, e: string) => ({ quot: '"', amp: "&", lt: "<", gt: ">", "#x27": "'", "#39": "'" })[e]!);

/**
 * The first `<form>` of a page whose markup contains every one of `needles`, as a browser without JavaScript would
 * post it: its named inputs with their values (React's server-action fields included) in a multipart body.
 */
export async function formFrom(html: string, needles: string[]): Promise<{ body: Buffer; contentType: string; fields: Record<string, string> } | null> {
  for (const m of html.matchAll(/<form\b[\s\S]*?<\/form>/g)) {
    const markup = m[0];
    if (!needles.every((n) => markup.includes(n))) continue;
    const fd = new FormData();
    const fields: Record<string, string> = {};
    for (const input of markup.matchAll(/<input\b[^>]*>/g)) {
      const name = /\sname="([^"]*)"/.exec(input[0])?.[1];
      if (!name) continue;
      const value = decode(/\svalue="([^"]*)"/.exec(input[0])?.[1] ?? "");
      fd.append(decode(name), value);
      fields[decode(name)] = value;
    }
    const r = new Request("http://form.invalid/", { method: "POST", body: fd });
    return { body: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get("content-type")!, fields };
  }
  return null;
}
