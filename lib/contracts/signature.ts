import "server-only";
// What a signer's signature may be: a typed name, or a drawing from the signature pad as a PNG data URL. A drawing is
// checked from its bytes (PNG signature, IHDR, size, dimensions, decoded pixels) so nothing but a small, real,
// non-blank image reaches the database and the signed PDF.
import { inflateSync } from "node:zlib";
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const MAX_SIGNATURE_PNG_BYTES = 200 * 1024;
const MAX_WIDTH = 2000;
const MAX_HEIGHT = 1000;
/** A drawing with fewer inked pixels than this is a stray tap, not a signature. */
const MIN_INK_PIXELS = 30;

export type Signature = { kind: "typed"; text: string } | { kind: "drawn"; png: Uint8Array; base64: string };

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A typed name: 1–100 characters after trimming, no control characters. */
export const typedNameSchema = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, " "))
  .refine((s) => s.length >= 1 && s.length <= 100 && !CONTROL.test(s));

export const signatureInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("typed"), text: z.string().max(1000) }),
  z.object({ kind: z.literal("drawn"), image: z.string().max(400_000) }),
]);
export type SignatureInput = z.infer<typeof signatureInputSchema>;

/** The signature as given, checked; SIGNATURE_INVALID for anything else. */
export function parseSignature(input: unknown): Signature {
  const parsed = signatureInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("SIGNATURE_INVALID");
  if (parsed.data.kind === "typed") {
    if (CONTROL.test(parsed.data.text)) throw new AppError("SIGNATURE_INVALID");
    const name = typedNameSchema.safeParse(parsed.data.text);
    if (!name.success) throw new AppError("SIGNATURE_INVALID");
    return { kind: "typed", text: name.data };
  }
  const png = pngFromDataUrl(parsed.data.image);
  return { kind: "drawn", png, base64: Buffer.from(png).toString("base64") };
}

function pngFromDataUrl(url: string): Uint8Array {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/.exec(url);
  if (!m) throw new AppError("SIGNATURE_INVALID");
  const bytes = new Uint8Array(Buffer.from(m[1], "base64"));
  if (bytes.length === 0 || bytes.length > MAX_SIGNATURE_PNG_BYTES) throw new AppError("SIGNATURE_INVALID");
  checkPng(bytes);
  return bytes;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 }; // grey, RGB, grey+alpha, RGBA (8-bit)

/**
 * A non-interlaced 8-bit PNG (what a canvas exports) of sane size with some ink on it. The pixels are decoded (inflate,
 * un-filter) to count pixels that differ from the top-left one: a blank pad, transparent or white, has none.
 */
export function checkPng(b: Uint8Array): void {
  const bad = () => new AppError("SIGNATURE_INVALID");
  if (b.length < 8 + 25 || PNG_MAGIC.some((v, i) => b[i] !== v)) throw bad();
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(8) !== 13 || String.fromCharCode(...b.subarray(12, 16)) !== "IHDR") throw bad();
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  const [depth, colorType, , , interlace] = b.subarray(24, 29);
  const channels = CHANNELS[colorType];
  if (!width || !height || width > MAX_WIDTH || height > MAX_HEIGHT || depth !== 8 || !channels || interlace !== 0) throw bad();

  const idat: Uint8Array[] = [];
  let off = 8;
  let ended = false;
  while (off + 8 <= b.length) {
    const len = dv.getUint32(off);
    const type = String.fromCharCode(...b.subarray(off + 4, off + 8));
    if (off + 12 + len > b.length) throw bad();
    if (type === "IDAT") idat.push(b.subarray(off + 8, off + 8 + len));
    off += 12 + len;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended || idat.length === 0) throw bad();

  const stride = width * channels;
  let raw: Buffer;
  try {
    // The output can never be larger than the image; anything more is a decompression bomb.
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (stride + 1) * height });
  } catch {
    throw bad();
  }
  if (raw.length !== (stride + 1) * height) throw bad();
  if (inkPixels(raw, width, height, channels) < MIN_INK_PIXELS) throw bad();
}

function inkPixels(raw: Buffer, width: number, height: number, ch: number): number {
  const stride = width * ch;
  let prev = new Uint8Array(stride);
  let first: Uint8Array | null = null;
  let ink = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= ch ? cur[i - ch] : 0;
      const up = prev[i];
      const c = i >= ch ? prev[i - ch] : 0;
      let p: number;
      switch (filter) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = up; break;
        case 3: p = (a + up) >> 1; break;
        case 4: {
          const pa = Math.abs(up - c), pb = Math.abs(a - c), pc = Math.abs(a + up - 2 * c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
          break;
        }
        default: throw new AppError("SIGNATURE_INVALID");
      }
      cur[i] = (line[i] + p) & 0xff;
    }
    first ??= cur.slice(0, ch);
    for (let x = 0; x < width; x++) {
      const px = cur.subarray(x * ch, x * ch + ch);
      // Fully transparent pixels are paper, whatever their colour bytes.
      if ((ch === 4 && px[3] === 0) || (ch === 2 && px[1] === 0)) {
        if ((ch === 4 && first[3] === 0) || (ch === 2 && first[1] === 0)) continue;
      }
      if (px.some((v, i) => v !== first![i])) ink++;
    }
    prev = cur;
  }
  return ink;
}

/** Initials from a name: the first letter of up to three words ("Asha Rani Verma" → "ARV"). */
export function initialsOf(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((w) => Array.from(w)[0]!.toUpperCase())
    .join("");
}
