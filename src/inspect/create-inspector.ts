import type { AnyRequest } from '../canonical/texts.js';
import { listTexts } from '../canonical/texts.js';
import type { InspectConfig } from '../config/inspect-schema.js';
import { AirlockError } from '../errors/airlock-error.js';
import { createClassifier } from './classify.js';
import { createDetectors } from './detectors/index.js';
import { createMatchEngine } from './engine/create-match-engine.js';
import { createFingerprinter } from './fingerprint.js';
import type { DetectContext, Detector, Finding, InspectionResult, LocatedFinding } from './types.js';

export interface InspectorOptions {
  /** The `inspect:` section of the configuration, parsed by `inspectSchema`. */
  config: InspectConfig;
  /** Key of the HMAC fingerprints findings carry (the same key must be used for audit lookups). */
  fingerprintKey: string | Buffer;
  /** Replaces the built-in detector set (tests and evaluation); `config.disabledDetectors` still applies. */
  detectors?: readonly Detector[];
}

/**
 * The inspection stage. Called on every request, autocomplete keystrokes included, so it is a
 * single pass per text with a keyword prefilter; it never logs and never puts a matched value
 * in an error.
 */
export interface Inspector {
  /** Findings in one text, merged, with offsets into the ORIGINAL text and HMAC fingerprints. */
  inspectText(text: string, context: DetectContext): Finding[];
  /** Every text of a canonical request (via `listTexts`): located findings, the classification and the injection flag. */
  inspectRequest(request: AnyRequest): InspectionResult;
  /** The keyed fingerprint of a value (the same as findings carry), for audit leak lookups. */
  fingerprint(value: string): string;
}

/**
 * Creates an inspector from the configuration. Throws an `AirlockError` (`INSPECTION_FAILED`)
 * when the configuration names a detector that does not exist, so a typo cannot silently
 * leave a detector on.
 */
export function createInspector(options: InspectorOptions): Inspector {
  const { config } = options;
  const available = options.detectors ?? createDetectors(config);
  const known = new Set(available.map((detector) => detector.id));
  const unknown = config.disabledDetectors.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AirlockError('INSPECTION_FAILED', `inspect.disabledDetectors names unknown detectors: ${unknown.join(', ')}.`);
  }
  const disabled = new Set(config.disabledDetectors);
  const engine = createMatchEngine({
    detectors: available.filter((detector) => !disabled.has(detector.id)),
    maxDecodeDepth: config.decode.maxDepth,
    maxDecodeBytes: config.decode.maxBytes,
  });
  const fingerprint = createFingerprinter(options.fingerprintKey);
  const classifier = createClassifier(config.classification);

  function inspectText(text: string, context: DetectContext): Finding[] {
    let matches;
    try {
      matches = engine.findMatches(text, context);
    } catch (error) {
      // Fail closed: the pipeline refuses the request. The message names no value.
      throw new AirlockError('INSPECTION_FAILED', 'Inspection failed, so the request was refused.', { cause: error });
    }
    const findings: Finding[] = [];
    for (const match of matches) {
      if (match.confidence < config.minConfidence) continue;
      findings.push({ ...match, fingerprint: match.region === true ? '' : fingerprint(text.slice(match.start, match.end)) });
    }
    return findings;
  }

  return {
    inspectText,
    inspectRequest(request) {
      const findings: LocatedFinding[] = [];
      for (const target of listTexts(request)) {
        for (const finding of inspectText(target.text, { role: target.role })) findings.push({ ...finding, path: target.path });
      }
      return {
        classification: classifier.classify(findings),
        findings,
        injection: findings.some((finding) => finding.category === 'injection'),
      };
    },
    fingerprint,
  };
}
