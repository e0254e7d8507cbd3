/**
 * Evasion defence, step two: base64, hex and percent-encoded blobs are decoded and the decoded
 * text inspected, so `echo c2stYW50LWFwaTAz… | base64 -d` does not smuggle a key past the
 * detectors. Only blobs that decode to text are kept, and cheap structural checks reject most
 * candidates (identifiers, hashes) before anything is decoded.
 */
export interface EncodedBlob {
  /** Span of the encoded blob in the text that was scanned. */
  start: number;
  end: number;
  decoded: string;
  encoding: 'base64' | 'hex' | 'percent';
}

/** Shared by every layer of one inspection, so nested blobs cannot multiply the work. */
export interface DecodeBudget {
  remainingBytes: number;
}

const MIN_BASE64_LENGTH = 16;
const MIN_PERCENT_ESCAPES = 2;
const MIN_DECODED_LENGTH = 8;

/**
 * True when every character of the run is a hex digit. Read in place, stopping at the first
 * other character (the first few of an identifier): there is a run like this every 150
 * characters of code, so slicing each one to test it was a measurable share of the engine.
 */
function isHexRun(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70))) return false;
  }
  return true;
}

/**
 * Decodes the encoded blobs of `text`, spending at most the budget's bytes. `runs` are the
 * `start, end` pairs of base64-alphabet runs found by the keyword automaton's pass.
 */
export function findEncodedBlobs(text: string, runs: readonly number[], budget: DecodeBudget): EncodedBlob[] {
  const blobs: EncodedBlob[] = [];
  if (budget.remainingBytes <= 0) return blobs;
  for (let index = 0; index + 1 < runs.length && budget.remainingBytes > 0; index += 2) {
    const start = runs[index]!;
    const end = runs[index + 1]!;
    const blob = isHexRun(text, start, end) ? decodeHexRun(text, start, end) : decodeBase64Run(text, start, end, budget);
    if (blob === null || budget.remainingBytes < blob.decoded.length) continue;
    budget.remainingBytes -= blob.decoded.length;
    blobs.push(blob);
  }
  if (text.includes('%')) findPercentRuns(text, budget, blobs);
  return blobs;
}

function decodeBase64Run(text: string, start: number, runEnd: number, budget: DecodeBudget): EncodedBlob | null {
  if (runEnd - start < MIN_BASE64_LENGTH) return null;
  if ((runEnd - start) % 4 === 1) return null;
  if (!hasAsciiQuadLeaders(text, start, runEnd)) return null;
  if (((runEnd - start) * 3) / 4 > budget.remainingBytes) return null;
  let end = runEnd;
  while (end < text.length && end - runEnd < 2 && text.charCodeAt(end) === 61 /* = */) end++;
  const bytes = Buffer.from(text.slice(start, runEnd), 'base64');
  const decoded = convertPrintable(bytes);
  return decoded === null ? null : { start, end, decoded, encoding: 'base64' };
}

/**
 * Base64 of ASCII text has a tell: every 4-character group starts with a character whose value
 * is below 32 (`A`-`Z`, `a`-`f`), because an ASCII byte's top bit is 0. Identifiers and random
 * tokens fail this within a few groups, before anything is decoded.
 */
function hasAsciiQuadLeaders(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index += 4) {
    const code = text.charCodeAt(index);
    const isUpper = code >= 65 && code <= 90;
    const isLowAf = code >= 97 && code <= 102;
    if (!isUpper && !isLowAf) return false;
  }
  return true;
}

/** Hex of printable ASCII: every byte's high nibble is 2-7, which rejects hashes and ids at once. */
function decodeHexRun(text: string, start: number, end: number): EncodedBlob | null {
  if ((end - start) % 2 !== 0) return null;
  for (let index = start; index < end; index += 2) {
    const code = text.charCodeAt(index);
    if (code < 50 || code > 55) return null;
  }
  const decoded = convertPrintable(Buffer.from(text.slice(start, end), 'hex'));
  return decoded === null ? null : { start, end, decoded, encoding: 'hex' };
}

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/g;
/** Characters that end a percent-encoded blob: whitespace, quotes, brackets, query separators. */
const PERCENT_STOP = /[\s"'`<>()[\]{}=&?]/;

function findPercentRuns(text: string, budget: DecodeBudget, blobs: EncodedBlob[]): void {
  let index = text.indexOf('%');
  while (index >= 0 && budget.remainingBytes > 0) {
    let start = index;
    while (start > 0 && !PERCENT_STOP.test(text[start - 1]!)) start--;
    let end = index;
    while (end < text.length && !PERCENT_STOP.test(text[end]!)) end++;
    const blob = decodePercentRun(text, start, end);
    if (blob !== null && blob.decoded.length <= budget.remainingBytes) {
      budget.remainingBytes -= blob.decoded.length;
      blobs.push(blob);
    }
    index = text.indexOf('%', Math.max(end, index + 1));
  }
}

function decodePercentRun(text: string, start: number, end: number): EncodedBlob | null {
  const slice = text.slice(start, end);
  const escapes = slice.match(PERCENT_ESCAPE);
  if (escapes === null || escapes.length < MIN_PERCENT_ESCAPES) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(slice.replace(/\+/g, ' '));
  } catch {
    decoded = slice.replace(PERCENT_ESCAPE, (escape) => String.fromCharCode(Number.parseInt(escape.slice(1), 16)));
  }
  if (decoded.length < MIN_DECODED_LENGTH) return null;
  return { start, end, decoded, encoding: 'percent' };
}

/** The bytes as text when they are (almost all) printable, else null: binary is not inspected as text. */
function convertPrintable(bytes: Buffer): string | null {
  if (bytes.length < MIN_DECODED_LENGTH) return null;
  let unprintable = 0;
  let nonAscii = false;
  for (const byte of bytes) {
    if (byte >= 0x80) nonAscii = true;
    else if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) unprintable++;
  }
  if (unprintable > bytes.length / 20) return null;
  return nonAscii ? bytes.toString('utf8') : bytes.toString('latin1');
}
