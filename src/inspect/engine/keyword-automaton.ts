/**
 * The keyword prefilter: one pass over the text tells which detectors have one of their keywords
 * in it, so most detectors never run their regular expressions on most text.
 *
 * Why written here rather than taken from a library: this loop runs over every character of
 * every request, autocomplete keystrokes included. Aho-Corasick libraries report every match
 * (an allocation per hit, and keywords such as `key` hit constantly in code), fold case by
 * lower-casing a copy of the text, and cannot stop early. This one is a dense DFA over a small
 * symbol alphabet with case folding built into the symbol table, records only "detector i
 * triggered" in a caller-owned array, and returns as soon as every gated detector has fired.
 *
 * Anchor groups are the exception that reports occurrences: a detector that would otherwise scan
 * the whole text again for a few literals (an alternation of words costs a regular expression
 * about 2 ns per character) gets their offsets from this pass, which reads every character anyway.
 */
export interface KeywordAutomaton {
  /**
   * Marks `triggered[group] = 1` for each keyword group with a keyword in `text`. When `hits` is
   * given, every occurrence of an anchor group's literal appends `anchor group, end offset` to it,
   * in order of end offset. When `runs` is given, it gets `start, end` for every run of at least
   * MIN_ALPHABET_RUN base64-alphabet characters (the candidates for encoded blobs): each pass over
   * the text costs about as much as the work done in it, so the jobs share one.
   *
   * When `numbers` is given, it gets `start, end, digits, dots` for every maximal run of
   * `[0-9 ().+-]` holding a digit (`TextAnalysis.numberRuns`): the phone, card, SSN, IP and address
   * detectors look only there, and finding the runs here is nearly free (the scan waits on
   * its table lookups, and this arithmetic runs beside them) where a separate pass was not.
   *
   * Returns false only when it read the whole text and every character was ASCII, so the caller
   * knows without another pass that there is nothing to normalise.
   */
  scan(text: string, triggered: Uint8Array, hits?: number[], runs?: number[], numbers?: number[]): boolean;
}

/** Shortest run of base64 characters reported to the blob decoder. */
export const MIN_ALPHABET_RUN = 16;
/** Bit of a symbol-table entry: the character is in the base64 alphabet (standard or url-safe). */
const ALPHABET_BIT = 0x8000;
/** Bits of a symbol-table entry: the character belongs in a number run; it is a digit. */
const NUMBER_BIT = 0x4000;
const DIGIT_BIT = 0x2000;
const SYMBOL_MASK = 0x1fff;

interface TrieNode {
  next: Map<number, number>;
  groups: number[];
}

/**
 * Builds the automaton. `groups[i]` are the keywords of detector i (matched case-insensitively;
 * an empty list never triggers, the engine runs such detectors unconditionally). `anchorGroups[j]`
 * are literals whose occurrences `scan` reports as anchor group j (they trigger nothing).
 */
export function createKeywordAutomaton(
  groups: readonly (readonly string[])[],
  anchorGroups: readonly (readonly string[])[] = [],
): KeywordAutomaton {
  // One-character keywords (`.`, `:`, `=`, `@`) are most of the keyword occurrences in code, and
  // each occurrence leaves the DFA's fast path: they are looked for with a native character
  // search instead, which stops at the first one.
  const singles = collectSingleCharacterKeywords(groups);
  const trieGroups = [...groups.map((keywords) => keywords.filter((keyword) => keyword.length !== 1)), ...anchorGroups];
  const symbols = createSymbolTable(trieGroups);
  const alphabetSize = symbols.size;
  const trie = buildTrie(trieGroups, symbols.table);
  const { delta, outputStart, outputGroups } = compileTrie(trie, alphabetSize);
  const table = symbols.table;
  const gateCount = groups.length;
  const gated = new Uint8Array(gateCount);
  for (const node of trie) for (const group of node.groups) if (group < gateCount) gated[group] = 1;
  for (const { groups: owners } of singles) for (const group of owners) gated[group] = 1;
  const gatedCount = gated.reduce((sum, flag) => sum + flag, 0);
  const hasAnchors = anchorGroups.some((literals) => literals.length > 0);

  const tables: ScanTables = { table, delta, outputStart, outputGroups, gateCount };

  return {
    scan(text, triggered, hits, runs, numbers) {
      markSingleCharacterKeywords(singles, text, triggered);
      const recording = hasAnchors && hits !== undefined;
      // How many gated detectors are still to fire only matters when the scan may stop early.
      let remaining = gatedCount;
      if (!recording && runs === undefined && numbers === undefined) {
        for (let group = 0; group < gateCount; group++) if (gated[group] === 1 && triggered[group] === 1) remaining--;
        if (remaining <= 0) return true;
      }
      return scanText(tables, text, triggered, remaining, recording ? hits : undefined, runs, numbers);
    },
  };
}

/** What the scan loop reads: the symbol table, the DFA, and the groups ending at each state. */
interface ScanTables {
  table: Uint16Array;
  delta: Int32Array;
  outputStart: Int32Array;
  outputGroups: Int32Array;
  /** Groups below this are keyword groups (detectors); from it on, anchor groups. */
  gateCount: number;
}

/**
 * The scan loop (see `KeywordAutomaton.scan`). A module-level function whose tables are locals:
 * read from the closure, every one of them was reloaded and re-checked on every character.
 */
function scanText(
  tables: ScanTables,
  text: string,
  triggered: Uint8Array,
  remainingGated: number,
  hits: number[] | undefined,
  runs: number[] | undefined,
  numbers: number[] | undefined,
): boolean {
  const { table, delta, outputStart, outputGroups, gateCount } = tables;
  const minimumRun = MIN_ALPHABET_RUN;
  const recording = hits !== undefined;
  const collecting = runs !== undefined || numbers !== undefined;
  let remaining = remainingGated;
  let state = 0;
  let run = 0;
  // Where the last number run found ends: digits before it belong to a run already reported.
  let numberEnd = 0;
  // Every character code ORed together: above 0x7f means some character was not ASCII.
  let bits = 0;
  const length = text.length;
  // One step past the end, on symbol 0 (in no keyword, not in the alphabet), closes a run that
  // reaches the end in the loop itself: a separate closing step after the loop ran too rarely
  // to be optimised and sent the whole scan back to the interpreter.
  for (let index = 0; index <= length; index++) {
    const code = index < length ? text.charCodeAt(index) : 0;
    bits |= code;
    const entry = table[code]!;
    // Base64 runs without a branch per character (whether a character is in the alphabet is
    // unpredictable in code, and mispredictions cost more than this arithmetic): the run
    // length grows or drops to 0, and the rare end of a long run is the only branch taken.
    const alphabet = entry >>> 15;
    const before = run;
    run = (run + 1) * alphabet;
    if (before - (alphabet << 20) >= minimumRun && runs !== undefined) runs.push(index - before, index);
    // The first digit of a number run: the run is read from there (runs are few and short).
    if ((entry & DIGIT_BIT) !== 0 && index >= numberEnd && numbers !== undefined) numberEnd = pushNumberRun(numbers, text, index, table);
    // Non-negative: a plain state. Negative: ~state, and keywords end here.
    const next = delta[state + (entry & SYMBOL_MASK)]!;
    if (next >= 0) {
      state = next;
      continue;
    }
    state = ~next;
    for (let output = outputStart[state]!, last = outputStart[state + 1]!; output < last; output++) {
      const group = outputGroups[output]!;
      if (group >= gateCount) {
        if (recording) hits.push(group - gateCount, index + 1);
      } else if (triggered[group] !== 1) {
        triggered[group] = 1;
        remaining--;
      }
    }
    // Once every gated detector has fired, only anchors and runs are left to look for.
    if (remaining <= 0 && !recording && !collecting) return true;
  }
  return bits > 0x7f;
}

/** Appends the number run holding the digit at `digit` (its first) and returns where the run ends. */
function pushNumberRun(numbers: number[], text: string, digit: number, table: Uint16Array): number {
  let start = digit;
  let dots = 0;
  // Separators before the first digit belong to the run too (`(415)`, `.5`).
  for (; start > 0; start--) {
    const code = text.charCodeAt(start - 1);
    if ((table[code]! & NUMBER_BIT) === 0) break;
    if (code === 46) dots++;
  }
  let end = digit;
  let digits = 0;
  for (; end < text.length; end++) {
    const entry = table[text.charCodeAt(end)]!;
    if ((entry & NUMBER_BIT) === 0) break;
    if ((entry & DIGIT_BIT) !== 0) digits++;
    else if (text.charCodeAt(end) === 46) dots++;
  }
  numbers.push(start, end, digits, dots);
  return end;
}

interface SingleCharacterKeyword {
  /** The character in each case it is matched in. */
  characters: string[];
  groups: number[];
}

function markSingleCharacterKeywords(singles: readonly SingleCharacterKeyword[], text: string, triggered: Uint8Array): void {
  for (const single of singles) {
    let pending = false;
    for (const group of single.groups) if (triggered[group] !== 1) pending = true;
    if (!pending) continue;
    let found = false;
    for (const character of single.characters) if (text.includes(character)) found = true;
    if (found) for (const group of single.groups) triggered[group] = 1;
  }
}

function collectSingleCharacterKeywords(groups: readonly (readonly string[])[]): SingleCharacterKeyword[] {
  const byCharacter = new Map<string, SingleCharacterKeyword>();
  groups.forEach((keywords, group) => {
    for (const keyword of keywords) {
      if (keyword.length !== 1) continue;
      const lower = keyword.toLowerCase();
      const upper = lower.toUpperCase();
      let entry = byCharacter.get(lower);
      if (entry === undefined) {
        entry = { characters: upper.length === 1 && upper !== lower ? [lower, upper] : [lower], groups: [] };
        byCharacter.set(lower, entry);
      }
      if (!entry.groups.includes(group)) entry.groups.push(group);
    }
  });
  return [...byCharacter.values()];
}

/** Maps every UTF-16 code unit to a symbol; 0 is "in no keyword". Upper and lower case share one. */
function createSymbolTable(groups: readonly (readonly string[])[]): { table: Uint16Array; size: number } {
  const table = new Uint16Array(65_536);
  let size = 1;
  for (const keywords of groups) {
    for (const keyword of keywords) {
      const lower = keyword.toLowerCase();
      for (let index = 0; index < lower.length; index++) {
        const code = lower.charCodeAt(index);
        if (table[code] !== 0) continue;
        table[code] = size;
        const upper = String.fromCharCode(code).toUpperCase();
        if (upper.length === 1 && table[upper.charCodeAt(0)] === 0) table[upper.charCodeAt(0)] = size;
        size++;
      }
    }
  }
  if (size > SYMBOL_MASK + 1) throw new Error('Too many distinct keyword characters for the symbol table.');
  for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') {
    table[character.charCodeAt(0)]! |= ALPHABET_BIT;
  }
  for (const character of '0123456789 ().+-') table[character.charCodeAt(0)]! |= NUMBER_BIT;
  for (const character of '0123456789') table[character.charCodeAt(0)]! |= DIGIT_BIT;
  return { table, size };
}

function buildTrie(groups: readonly (readonly string[])[], table: Uint16Array): TrieNode[] {
  const nodes: TrieNode[] = [{ next: new Map(), groups: [] }];
  groups.forEach((keywords, group) => {
    for (const keyword of keywords) {
      const lower = keyword.toLowerCase();
      if (lower.length === 0) continue;
      let node = 0;
      for (let index = 0; index < lower.length; index++) {
        const symbol = table[lower.charCodeAt(index)]! & SYMBOL_MASK;
        let child = nodes[node]!.next.get(symbol);
        if (child === undefined) {
          child = nodes.length;
          nodes.push({ next: new Map(), groups: [] });
          nodes[node]!.next.set(symbol, child);
        }
        node = child;
      }
      if (!nodes[node]!.groups.includes(group)) nodes[node]!.groups.push(group);
    }
  });
  return nodes;
}

/**
 * Turns the trie into a full transition table (failure links resolved at build time, so the scan
 * does one table lookup per character) whose entries are pre-multiplied by the alphabet size.
 */
function compileTrie(nodes: TrieNode[], alphabetSize: number): { delta: Int32Array; outputStart: Int32Array; outputGroups: Int32Array } {
  const delta = new Int32Array(nodes.length * alphabetSize);
  const failure = new Int32Array(nodes.length);
  const outputs: number[][] = nodes.map((node) => [...node.groups]);
  const queue: number[] = [];
  for (const [symbol, child] of nodes[0]!.next) {
    delta[symbol] = child * alphabetSize;
    queue.push(child);
  }
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    const fail = failure[node]!;
    for (const group of outputs[fail]!) if (!outputs[node]!.includes(group)) outputs[node]!.push(group);
    for (let symbol = 0; symbol < alphabetSize; symbol++) {
      const child = nodes[node]!.next.get(symbol);
      if (child === undefined) {
        delta[node * alphabetSize + symbol] = delta[fail * alphabetSize + symbol]!;
        continue;
      }
      failure[child] = node === 0 ? 0 : delta[fail * alphabetSize + symbol]! / alphabetSize;
      delta[node * alphabetSize + symbol] = child * alphabetSize;
      queue.push(child);
    }
  }
  // Outputs are indexed by the pre-multiplied state, so the scan needs no division.
  // A transition into a state where keywords end is stored as ~state, so the scan tests one sign
  // instead of loading the output range for every character.
  for (let entry = 0; entry < delta.length; entry++) {
    const target = delta[entry]! / alphabetSize;
    if (outputs[target]!.length > 0) delta[entry] = ~delta[entry]!;
  }
  // outputStart[state] .. outputStart[state + 1] are the groups ending at `state` (alphabetSize >= 2
  // whenever there is more than the root, so state + 1 never collides with the next state).
  const outputStart = new Int32Array(nodes.length * alphabetSize + 1);
  const flat: number[] = [];
  for (let node = 0; node < nodes.length; node++) {
    const base = node * alphabetSize;
    outputStart[base] = flat.length;
    flat.push(...outputs[node]!);
    outputStart[base + 1] = flat.length;
  }
  return { delta, outputStart, outputGroups: Int32Array.from(flat) };
}
