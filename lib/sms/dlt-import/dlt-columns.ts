// Which column of a DLT export holds which field. Every operator's portal names them differently (Jio "TEMPLATE ID",
// Vilpower "Template Id (URN)", exports re-saved by scripts "template_id"), so headers are matched through an alias
// table after squashing case, spaces and punctuation. Pure: the browser and the server share it.

export const DLT_COLUMNS = ["templateId", "content", "header", "status", "active", "name", "type", "contentType", "entityId", "consentTemplateId"] as const;
export type DltColumn = (typeof DLT_COLUMNS)[number];
export type DltColumnMap = Partial<Record<DltColumn, number>>;

/** Without these a row cannot be imported; the admin maps them by hand when no header matched. */
export const REQUIRED_DLT_COLUMNS: readonly DltColumn[] = ["templateId", "content", "header", "status"];

export const DLT_COLUMN_LABELS: Record<DltColumn, string> = {
  templateId: "Template ID",
  content: "Template content",
  header: "Header (sender ID)",
  status: "Approval status",
  active: "Active / inactive",
  name: "Template name",
  type: "Message type (category)",
  contentType: "Content type (TEXT / UNICODE)",
  entityId: "Entity ID (PE ID)",
  consentTemplateId: "Consent template ID",
};

export const squashHeader = (h: string) => h.normalize("NFKC").toLowerCase().replace(/[^a-z0-9]/g, "");

const aliases: Record<DltColumn, string[]> = {
  templateId: ["templateid", "templateidurn", "dlttemplateid", "contenttemplateid", "templateidnumber", "ctid", "tempid", "templateurn", "urn"],
  content: ["templatemessage", "templatecontent", "message", "content", "templatetext", "messagecontent", "smscontent", "text", "template", "body", "templatebody", "messagetext"],
  header: ["header", "senderid", "sender", "telemark", "headername", "header(s)", "headers", "senderidheader", "cli", "headerid"],
  status: ["approvalstatus", "templatestatus", "status", "dltstatus", "templateapprovalstatus", "approval"],
  active: ["activestatus", "activeinactive", "isactive", "active", "state", "templatestate"],
  name: ["templatename", "name", "contenttemplatename", "templatetitle", "title"],
  type: ["type", "msgtype", "dltmessagetype", "messagetype", "templatecategory", "category", "communicationtype", "templatetypecategory"],
  contentType: ["templatetype", "contenttype", "encoding", "messageencoding", "texttype", "smsencoding", "languagetype"],
  entityId: ["entityid", "peid", "principalentityid", "peidentityid", "entityidpeid", "dltentityid", "entity"],
  consentTemplateId: ["consenttemplateid", "consentid", "consenttemplate", "consenttemplateidurn"],
};

const byAlias = new Map<string, DltColumn>();
for (const c of DLT_COLUMNS) for (const a of aliases[c]) byAlias.set(squashHeader(a), c);

/**
 * One guess per field. Exact aliases first. A bare "STATUS" is the approval status unless another column already is
 * (Jio exports have both "APPROVAL STATUS" and "STATUS", the second being active/inactive).
 */
export function guessDltColumns(headers: string[]): DltColumnMap {
  const out: DltColumnMap = {};
  const squashed = headers.map(squashHeader);
  squashed.forEach((h, i) => {
    const c = byAlias.get(h);
    if (!c || out[c] !== undefined || h === "status") return;
    out[c] = i;
  });
  const bare = squashed.indexOf("status");
  if (bare >= 0) {
    if (out.status === undefined) out.status = bare;
    else if (out.active === undefined) out.active = bare;
  }
  // Looser matches for what is still missing, e.g. "Template ID (as on DLT)" or "Header Name (6 chars)".
  const loose: [RegExp, DltColumn][] = [
    [/consent/, "consentTemplateId"],
    [/^(peid|entity|principalentity)/, "entityId"],
    [/template.*id|id.*template/, "templateId"],
    [/header|sender|telemark/, "header"],
    [/message|content/, "content"],
    [/approv/, "status"],
  ];
  const taken = new Set(Object.values(out));
  squashed.forEach((h, i) => {
    if (taken.has(i)) return;
    const c = loose.find(([re, col]) => out[col] === undefined && re.test(h))?.[1];
    if (c) {
      out[c] = i;
      taken.add(i);
    }
  });
  return out;
}

/** How many headers the alias table knows: picks the header row out of a title block above it. */
export function knownHeaderCount(cells: string[]): number {
  return cells.filter((c) => byAlias.has(squashHeader(c))).length;
}

/**
 * The admin's choices over the guesses: a field they mapped takes the column from any other field that had guessed
 * it; -1 (or an index past the last column) means "not in this file".
 */
export function applyColumnChoices(guessed: DltColumnMap, chosen: DltColumnMap | undefined, width: number): DltColumnMap {
  if (!chosen) return guessed;
  const out: DltColumnMap = { ...guessed };
  for (const c of DLT_COLUMNS) {
    const i = chosen[c];
    if (i === undefined) continue;
    if (!Number.isInteger(i) || i < 0 || i >= width) {
      delete out[c];
      continue;
    }
    for (const other of DLT_COLUMNS) if (other !== c && out[other] === i && chosen[other] === undefined) delete out[other];
    out[c] = i;
  }
  return out;
}

export const missingDltColumns = (columns: DltColumnMap) => REQUIRED_DLT_COLUMNS.filter((c) => columns[c] === undefined);
