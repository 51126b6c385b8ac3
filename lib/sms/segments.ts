// How many parts (and so credits) an SMS costs. Pure: the settings page's live preview and the sender count alike.
//
// GSM 03.38: 160 septets in one SMS, 153 per part once split (the rest is the concatenation header); the extension
// characters are sent as ESC + char, so they count two and never straddle two parts. One character outside the
// alphabet makes the whole message UCS-2: 70 UTF-16 code units, 67 per part, and a surrogate pair stays in one part.

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "\f^{}\\[~]|€";

const basic = new Set(Array.from(GSM_BASIC));
const extension = new Set(Array.from(GSM_EXTENSION));

export type SmsEncoding = "gsm7" | "ucs2";
export type SegmentCount = { encoding: SmsEncoding; units: number; segments: number; perSegment: number };

/** True when the character (one code point) can be sent in GSM-7. */
export function isGsmChar(ch: string): boolean {
  return basic.has(ch) || extension.has(ch);
}

/** The characters of `text` outside GSM-7, each once, in order of appearance (what makes a message Unicode). */
export function nonGsmChars(text: string): string[] {
  const out = new Set<string>();
  for (const ch of text) if (!isGsmChar(ch)) out.add(ch);
  return [...out];
}

/** Parts needed when characters of the given widths are packed greedily, none split across two parts. */
function pack(widths: number[], single: number, multi: number): { units: number; segments: number } {
  const units = widths.reduce((s, w) => s + w, 0);
  if (units <= single) return { units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > multi) {
      segments++;
      used = 0;
    }
    used += w;
  }
  return { units, segments };
}

/**
 * The encoding, length in the encoding's units (septets or UTF-16 code units), parts and units per part of a message.
 * An empty message still goes as one part.
 */
export function countSegments(text: string): SegmentCount {
  const chars = Array.from(text);
  if (chars.every(isGsmChar)) {
    const { units, segments } = pack(chars.map((c) => (extension.has(c) ? 2 : 1)), 160, 153);
    return { encoding: "gsm7", units, segments, perSegment: segments > 1 ? 153 : 160 };
  }
  const { units, segments } = pack(chars.map((c) => c.length), 70, 67);
  return { encoding: "ucs2", units, segments, perSegment: segments > 1 ? 67 : 70 };
}
