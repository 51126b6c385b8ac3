import "server-only";
// The answers a browser sends: JSON `{ answers: { [itemId]: value } }` from the autosave, or the plain form of the
// request page (works without JavaScript): `items` lists the question ids the form holds, `a.<id>` carries each
// value, and `m.<id>` marks a multiple-choice question (whose unticked boxes send nothing at all).
import { readCapped } from "@/lib/http/read-capped";

/** Ten long answers of 10,000 characters, URL-encoded, fit with room to spare; anything larger is refused unread. */
export const MAX_ANSWERS_BODY = 1024 * 1024;

export type AnswersBody = { json: boolean; answers: Record<string, unknown> | null; tooLarge?: boolean; malformed?: boolean };

export function wantsJson(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("application/json") || (request.headers.get("content-type") ?? "").includes("application/json");
}

export async function readAnswersBody(request: Request): Promise<AnswersBody> {
  const json = wantsJson(request);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_ANSWERS_BODY) return { json, answers: null, tooLarge: true };
  const bytes = await readCapped(request.body, MAX_ANSWERS_BODY);
  if (!bytes) return { json, answers: null, tooLarge: true };
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    try {
      const body = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      if (!body || typeof body !== "object" || Array.isArray(body)) return { json, answers: null, malformed: true };
      const answers = (body as { answers?: unknown }).answers;
      if (answers === undefined) return { json, answers: {} };
      if (!answers || typeof answers !== "object" || Array.isArray(answers)) return { json, answers: null, malformed: true };
      return { json, answers: answers as Record<string, unknown> };
    } catch {
      return { json, answers: null, malformed: true };
    }
  }
  let form: FormData;
  try {
    form = await new Response(bytes as BodyInit, { headers: { "content-type": type } }).formData();
  } catch {
    return { json, answers: null, malformed: true };
  }
  const answers: Record<string, unknown> = {};
  for (const id of form.getAll("items")) {
    if (typeof id !== "string" || id.length > 64) continue;
    const values = form.getAll(`a.${id}`).filter((v): v is string => typeof v === "string");
    answers[id] = form.has(`m.${id}`) ? values : (values[0] ?? "");
  }
  return { json, answers };
}
