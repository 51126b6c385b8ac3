// Sender IDs (DLT headers) and DLT statuses. Pure.

/**
 * A header as DLT registers it: upper case, without the `-S`/`-T`/`-P`/`-G` that operators show on the handset
 * (people paste "AD-ACMEIN-S" or "acmein-T"), so "ACMEIN" and "acmein-S" are the same header.
 */
export function normaliseSenderId(input: string): string {
  let s = input.trim().toUpperCase().replace(/\s+/g, "");
  s = s.replace(/-[STPG]$/, "");
  // A handset shows "VM-ACMEIN": the operator and circle prefix is not part of the header either.
  s = s.replace(/^[A-Z]{2}-(?=[A-Z]{6}$)/, "");
  return s;
}

/** True when the input is a 6-letter header once normalised. */
export function isValidSenderId(input: string): boolean {
  return /^[A-Z]{6}$/.test(normaliseSenderId(input));
}

/** Whether a DLT export's status means the template may be used (Approved, Active; not pending, rejected, inactive). */
export function isDltApproved(status: string): boolean {
  const s = status.trim().toLowerCase();
  if (/(^|\W)(not|un|in|dis)[- ]?(approved|active)|reject|pend|block|expire|suspend|deactiv/.test(s)) return false;
  return /approved|active/.test(s);
}

/** MSG91's variable names: letters, digits and underscores (it writes them ##name## in its template). */
export const MSG91_VAR = /^[A-Za-z][A-Za-z0-9_]{0,29}$/;
