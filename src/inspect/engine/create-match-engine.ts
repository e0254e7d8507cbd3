import { sortDistinct } from '../detectors/find-anchors.js';
import { TextAnalysis } from '../detectors/text-analysis.js';
import type { DetectContext, Detector, DetectorMatch } from '../types.js';
import { findEncodedBlobs, type DecodeBudget } from './find-encoded-blobs.js';
import { createKeywordAutomaton } from './keyword-automaton.js';
import { mergeMatches } from './merge-matches.js';
import { mapSpan, normalizeText, type NormalizedText } from './normalize-text.js';

export interface MatchEngineOptions {
  detectors: readonly Detector[];
  /** Layers of encoding decoded (0: none). */
  maxDecodeDepth: number;
  /** Most decoded bytes inspected per text, across all layers. */
  maxDecodeBytes: number;
}

/** Runs the detectors over one text: prefilter, normalise, detect, decode blobs, merge. */
export interface MatchEngine {
  /** Merged matches with offsets into `text` (the original, not the normalised copy). */
  findMatches(text: string, context: DetectContext): DetectorMatch[];
}

/** Thrown when a detector fails; carries the detector id, never the text. */
export class DetectorFailure extends Error {
  constructor(
    readonly detectorId: string,
    options: { cause: unknown },
  ) {
    super(`Detector "${detectorId}" failed.`, options);
    this.name = 'DetectorFailure';
  }
}

export function createMatchEngine(options: MatchEngineOptions): MatchEngine {
  const detectors = [...options.detectors];
  const rawIndexes = detectors.flatMap((detector, index) => (detector.rawText === true ? [index] : []));
  const anchors = indexAnchors(detectors);
  // Keywords of raw-text detectors are looked for in the original text, the others in the
  // normalised text; when both are the same (plain ASCII) one automaton over all keywords does it.
  // Anchors belong to normalised-text detectors, so they ride along in the first two.
  const allAutomaton = createKeywordAutomaton(
    detectors.map((detector) => detector.keywords),
    anchors.groups,
  );
  const normalAutomaton = createKeywordAutomaton(
    detectors.map((detector) => (detector.rawText === true ? [] : detector.keywords)),
    anchors.groups,
  );
  const rawAutomaton = createKeywordAutomaton(detectors.map((detector) => (detector.rawText === true ? detector.keywords : [])));
  const alwaysRun = Uint8Array.from(detectors, (detector) => (detector.keywords.length === 0 ? 1 : 0));

  /**
   * The prefilter pass: which detectors run, their anchors, the blob candidates, and the normalised
   * text. Plain ASCII needs no normalisation, and the pass itself says whether the text is plain
   * ASCII, so the text is read once; only text that normalisation changes is read a second time.
   */
  function scanText(text: string, depth: number): ScannedText {
    const scanned: ScannedText = {
      normalized: { text, edits: null },
      triggered: alwaysRun.slice(),
      hits: [],
      // Candidate runs for blob decoding come out of the same pass over the normalised text.
      runs: depth < options.maxDecodeDepth ? [] : undefined,
      // And so do the number runs of the text analysis.
      numbers: [],
    };
    const { triggered, hits, runs, numbers } = scanned;
    if (!(rawIndexes.length === 0 ? normalAutomaton : allAutomaton).scan(text, triggered, hits, runs, numbers)) return scanned;
    scanned.normalized = normalizeText(text);
    if (scanned.normalized.edits === null) return scanned;
    // Normalisation changed the text: start over on the normalised text (raw-text detectors' keywords on the original).
    triggered.set(alwaysRun);
    hits.length = 0;
    if (runs !== undefined) runs.length = 0;
    numbers.length = 0;
    normalAutomaton.scan(scanned.normalized.text, triggered, hits, runs, numbers);
    if (rawIndexes.length > 0) rawAutomaton.scan(text, triggered);
    return scanned;
  }

  function collect(text: string, context: DetectContext, depth: number, budget: DecodeBudget): DetectorMatch[] {
    const { normalized, triggered, hits, runs, numbers } = scanText(text, depth);
    const anchorStarts = anchors.distribute(hits, triggered);
    // One analysis per text, shared by every detector that reads the normalised text.
    const shared: DetectContext = { role: context.role, analysis: new TextAnalysis(normalized.text, numbers) };
    const matches: DetectorMatch[] = [];
    for (let index = 0; index < detectors.length; index++) {
      if (triggered[index] !== 1) continue;
      const detector = detectors[index]!;
      const raw = detector.rawText === true || normalized.edits === null;
      const starts = anchorStarts[index];
      const detectContext = detector.rawText === true ? context : starts === undefined ? shared : { ...shared, anchorStarts: starts };
      let found: DetectorMatch[];
      try {
        found = detector.detect(raw ? text : normalized.text, detectContext);
      } catch (error) {
        throw new DetectorFailure(detector.id, { cause: error });
      }
      for (const match of found) {
        if (!(match.end > match.start)) continue;
        matches.push(raw ? match : { ...match, ...mapSpan(normalized, match.start, match.end) });
      }
    }
    if (runs !== undefined) {
      for (const blob of findEncodedBlobs(normalized.text, runs, budget)) {
        const span = mapSpan(normalized, blob.start, blob.end);
        // A finding inside decoded text points at the whole encoded blob in the original.
        for (const match of collect(blob.decoded, context, depth + 1, budget)) matches.push({ ...match, ...span });
      }
    }
    return matches;
  }

  return {
    findMatches(text, context) {
      if (text.length === 0) return [];
      const budget: DecodeBudget = { remainingBytes: options.maxDecodeBytes };
      return mergeMatches(collect(text, { role: context.role }, 0, budget));
    },
  };
}

interface ScannedText {
  normalized: NormalizedText;
  triggered: Uint8Array;
  hits: number[];
  runs: number[] | undefined;
  /** `TextAnalysis.numberRuns` of the normalised text. */
  numbers: number[];
}

interface AnchorIndex {
  /** One anchor group per literal, for the automaton. */
  groups: string[][];
  /**
   * Sorts the automaton's `group, end` hits into start offsets per detector (only for detectors
   * that will run); every triggered detector with anchors gets an array, empty when none occur.
   */
  distribute(hits: readonly number[], triggered: Uint8Array): (number[] | undefined)[];
}

function indexAnchors(detectors: readonly Detector[]): AnchorIndex {
  const groups: string[][] = [];
  const owners: number[] = [];
  const lengths: number[] = [];
  const anchored: number[] = [];
  detectors.forEach((detector, index) => {
    if (detector.anchors === undefined || detector.anchors.length === 0) return;
    if (detector.rawText === true) throw new Error(`Detector "${detector.id}" reads raw text and cannot have anchors.`);
    anchored.push(index);
    for (const anchor of detector.anchors) {
      groups.push([anchor]);
      owners.push(index);
      lengths.push(anchor.toLowerCase().length);
    }
  });
  return {
    groups,
    distribute(hits, triggered) {
      const starts: (number[] | undefined)[] = [];
      for (const index of anchored) if (triggered[index] === 1) starts[index] = [];
      for (let hit = 0; hit < hits.length; hit += 2) {
        const group = hits[hit]!;
        starts[owners[group]!]?.push(hits[hit + 1]! - lengths[group]!);
      }
      for (const list of starts) if (list !== undefined) sortDistinct(list);
      return starts;
    },
  };
}
