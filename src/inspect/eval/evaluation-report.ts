import type { CompromiseComparison } from './evaluate-compromise.js';
import type { InjectionVariantScores } from './evaluate-injection-variants.js';
import type { PiiEvaluation } from './evaluate-pii.js';
import type { LatencyReport } from './measure-latency.js';
import type { FalsePositiveReport } from './measure-false-positives.js';

/** Everything `npm run eval` measured, as the report renders it. */
export interface EvaluationReport {
  command: string;
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string; loadAverage: number };
  pii: {
    corpus: string;
    samples: number;
    evaluation: PiiEvaluation;
    /** Text of each sample with an error, by index, for the error listing (synthetic data). */
    sampleTexts: readonly string[];
  };
  injection: {
    corpus: string;
    trainCount: number;
    testCount: number;
    testJailbreaks: number;
    variants: InjectionVariantScores;
    modelBytes: number;
    buckets: number;
    classifierLatency: LatencyReport;
  };
  latency: { prose: LatencyReport; code: LatencyReport };
  code: FalsePositiveReport;
  compromise?: CompromiseComparison;
}

export const STRUCTURED_PII_TYPES = ['email', 'phone', 'credit_card', 'iban', 'us_ssn', 'ip_address'] as const;
export const CONTEXTUAL_PII_TYPES = ['person', 'street_address', 'date_of_birth'] as const;
/** The injection type vocabulary (also in docs/detectors.md). */
export const INJECTION_TYPES: Readonly<Record<string, string>> = {
  instruction_override:
    'text telling the model to ignore, forget or replace its instructions ("ignore all previous instructions", "New instructions:")',
  system_prompt_leak: 'a request to reveal the system prompt or hidden instructions',
  data_exfiltration:
    'a request to send conversation data, keys or files to a URL or address, or a shell command that ships ~/.ssh, /etc/passwd or the environment out',
  jailbreak_roleplay:
    'jailbreak framings: "developer mode", DAN-style personas, "not bound by OpenAI policy", "never refuse", "unfiltered AI"',
  chat_template_injection: 'chat-template control tokens in content (`<|im_start|>system`, `[INST]`, `<<SYS>>`, `<system>`)',
  invisible_unicode:
    'Unicode tag characters, runs of zero-width characters, a zero-width character splitting a word, runs of supplementary variation selectors',
  bidi_control: 'bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069; Trojan Source)',
  markdown_exfiltration:
    'a markdown/HTML image (or, weighted lower, a link) whose URL carries data: template placeholders, long or encoded query values or path segments',
  jailbreak_classifier: 'the trained classifier scored the whole text as a jailbreak (a region covering the text)',
};
