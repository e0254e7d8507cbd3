/**
 * Hashed n-gram features for the jailbreak classifier: lower-cased word unigrams and bigrams and
 * character trigrams, each hashed (FNV-1a) into a fixed number of buckets. Hashes are computed from
 * character codes as the text is read, so no substring is ever allocated.
 */

/** A sparse, L2-normalised feature vector: parallel arrays of bucket indices and values. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
// Distinct seeds keep a word, a bigram and a trigram with the same characters in different buckets.
// As signed 32-bit integers (the same bits), so that hashing stays in small-integer arithmetic.
const WORD_SEED = 0x9e3779b9 | 0;
const BIGRAM_SEED = 0x85ebca6b | 0;
const TRIGRAM_SEED = 0xc2b2ae35 | 0;

/**
 * One FNV-1a step, kept a signed 32-bit integer (an unsigned one above 2^31 leaves V8's
 * small-integer arithmetic; measured about 6% of feature extraction). Buckets are the low bits,
 * the same either way, so the trained weights still apply.
 */
function mixHash(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV_PRIME);
}

/** Lower-cases ASCII letters; maps every other non-alphanumeric code to a space (0 = separator). */
function foldCode(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 39) return code;
  return code > 127 ? code : 0;
}

/**
 * Counts per bucket. A typed array reused across calls (and zeroed after each) is several times
 * faster than a Map; it holds nothing between calls.
 */
class BucketCounts {
  counts: Uint32Array;
  touched: number[] = [];
  constructor(public readonly buckets: number) {
    this.counts = new Uint32Array(buckets);
  }
}

// 1 + ln(count) for small counts, looked up rather than computed for each of thousands of features.
const LOG_TABLE = Float64Array.from({ length: 256 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));
let scratch: BucketCounts | undefined;

function addFeature(counts: BucketCounts, hash: number): void {
  const index = hash & (counts.buckets - 1);
  if (counts.counts[index]!++ === 0) counts.touched.push(index);
}

function countFeatures(text: string, counts: BucketCounts): void {
  let wordHash = FNV_OFFSET;
  let wordLength = 0;
  let previousWord = 0;
  let hasPreviousWord = false;
  let first = 32;
  let second = 32;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? foldCode(text.charCodeAt(index)) : 0;
    const trigramCode = code === 0 ? 32 : code;
    if (!(trigramCode === 32 && second === 32)) {
      addFeature(counts, mixHash(mixHash(mixHash(TRIGRAM_SEED, first), second), trigramCode));
    }
    first = second;
    second = trigramCode;
    if (code !== 0) {
      wordHash = mixHash(wordHash, code);
      wordLength++;
      continue;
    }
    if (wordLength === 0) continue;
    const word = mixHash(wordHash, WORD_SEED);
    addFeature(counts, word);
    if (hasPreviousWord) addFeature(counts, mixHash(mixHash(BIGRAM_SEED, previousWord), word));
    previousWord = word;
    hasPreviousWord = true;
    wordHash = FNV_OFFSET;
    wordLength = 0;
  }
}

/**
 * Extracts the feature vector of `text`: sublinear term frequency (1 + ln count) per bucket,
 * normalised to unit length so long and short texts score on one scale.
 */
export function extractFeatures(text: string, buckets: number): SparseVector {
  // Buckets are a power of two so that a mask, not a division, picks the bucket.
  if (buckets <= 0 || (buckets & (buckets - 1)) !== 0) throw new RangeError('buckets must be a power of two');
  if (scratch?.buckets !== buckets) scratch = new BucketCounts(buckets);
  const counts = scratch;
  countFeatures(text, counts);
  const indices = counts.touched;
  counts.touched = [];
  const values = new Array<number>(indices.length);
  let sumOfSquares = 0;
  for (let position = 0; position < indices.length; position++) {
    const bucket = indices[position]!;
    const count = counts.counts[bucket]!;
    const value = count < LOG_TABLE.length ? LOG_TABLE[count]! : 1 + Math.log(count);
    counts.counts[bucket] = 0;
    values[position] = value;
    sumOfSquares += value * value;
  }
  const norm = Math.sqrt(sumOfSquares) || 1;
  for (let position = 0; position < values.length; position++) values[position] = values[position]! / norm;
  return { indices, values };
}
