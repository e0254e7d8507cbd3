import type { TextRole } from '../canonical/texts.js';
import type { TextAnalysis } from './detectors/text-analysis.js';

export const FINDING_CATEGORIES = ['secret', 'pii', 'config', 'code', 'injection'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

/** Ordered from least to most sensitive. */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** What a detector reports: offsets are JavaScript string offsets into the text it was given. */
export interface DetectorMatch {
  category: FindingCategory;
  /** From the fixed vocabulary in docs/detectors.md (e.g. `aws_access_key_id`, `email`). */
  type: string;
  start: number;
  end: number;
  /** 0..1 */
  confidence: number;
  /** A refinement within the type that is never part of the value, e.g. the language of `source_code` (`python`). */
  detail?: string;
  /**
   * True when the match marks a region (an `.env` block, a kubeconfig, the whole text as source
   * code) rather than one value. The engine never merges regions with values, so a region does
   * not swallow the secrets inside it.
   */
  region?: boolean;
}

export interface DetectContext {
  /** Where the text sits in the request (`tool-result` deserves the most suspicion for injection). */
  role: TextRole | 'file';
  /**
   * Set by the engine for a detector with `anchors`: the offsets where they occur in the text,
   * ascending, found by the prefilter pass. A detector called without it finds them itself.
   */
  anchorStarts?: readonly number[];
  /**
   * Set by the engine: analyses of this text computed once, on first use, and shared by the
   * detectors that need them (runs of digits). Read it through `analyzeText`.
   */
  analysis?: TextAnalysis;
}

/**
 * A detector: pure, no I/O, no state between calls. `keywords` (lower case) gate it: the engine
 * runs `detect` only when one of them occurs in the text, so most rules never run on most text.
 * An empty list means the detector always runs (keep those cheap).
 */
export interface Detector {
  id: string;
  keywords: readonly string[];
  detect(text: string, context: DetectContext): DetectorMatch[];
  /**
   * Literals (case-insensitive) whose every occurrence the detector needs, e.g. the words its
   * pattern starts with. The engine's prefilter pass finds them and hands their start offsets to
   * `detect` in `context.anchorStarts`, so the detector does not scan the whole text for them again.
   * They do not gate the detector: `keywords` do. Not allowed with `rawText`.
   */
  anchors?: readonly string[];
  /**
   * When true the detector is given the original text instead of the normalised one (NFKC,
   * zero-width characters removed), for detectors that look for exactly the characters
   * normalisation removes (invisible or bidirectional Unicode). Its offsets are then into the
   * original text, and its keywords are matched against the original text too.
   */
  rawText?: boolean;
}

/** A match after the engine has merged overlaps and fingerprinted the value. */
export interface Finding extends DetectorMatch {
  /**
   * HMAC-SHA256 (hex) of the matched value under the gateway's fingerprint key; never the value.
   * Empty for a region (`region: true`): it is not one value anyone could look up, and hashing a
   * whole message on every request would cost more than all the other fingerprints.
   */
  fingerprint: string;
}

/** A finding in one text of a request. */
export interface LocatedFinding extends Finding {
  /** The text's path in the canonical request, e.g. `messages[1].content[0]`. */
  path: string;
}

export interface InspectionResult {
  classification: Classification;
  findings: LocatedFinding[];
  /** Prompt injection is flagged separately from classification. */
  injection: boolean;
}
