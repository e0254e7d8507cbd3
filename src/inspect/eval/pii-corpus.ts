import { readFileSync } from 'node:fs';

/** One labelled span of the presidio-research synthetic corpus. */
export interface GoldSpan {
  type: string;
  start: number;
  end: number;
}

export interface PiiSample {
  text: string;
  spans: GoldSpan[];
}

interface RawSample {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

// Their entity types mapped to ours. DATE_TIME covers every date; only the ones written as a birth
// date are date_of_birth, so those are selected by `selectBirthDates` below.
const TYPE_MAP: Readonly<Record<string, string>> = {
  EMAIL_ADDRESS: 'email',
  PHONE_NUMBER: 'phone',
  CREDIT_CARD: 'credit_card',
  IBAN_CODE: 'iban',
  US_SSN: 'us_ssn',
  IP_ADDRESS: 'ip_address',
  PERSON: 'person',
  STREET_ADDRESS: 'street_address',
};

const BIRTH_CONTEXT = /\b(?:birth|born|dob|d\.o\.b)\b[^\n\d]{0,30}$/i;

function convertSpans(raw: RawSample): GoldSpan[] {
  const spans: GoldSpan[] = [];
  for (const span of raw.spans) {
    const base = { start: span.start_position, end: span.end_position };
    const type = TYPE_MAP[span.entity_type];
    if (type !== undefined) spans.push({ type, ...base });
    else if (span.entity_type === 'DATE_TIME') {
      const before = raw.full_text.slice(Math.max(0, base.start - 40), base.start);
      spans.push({ type: BIRTH_CONTEXT.test(before) ? 'date_of_birth' : 'date_time', ...base });
    } else spans.push({ type: `other:${span.entity_type}`, ...base });
  }
  return spans;
}

/** Loads pii-dev.json into samples whose spans carry our type names (unmapped ones as `other:<THEIRS>`). */
export function loadPiiCorpus(path: string): PiiSample[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as RawSample[];
  return raw.map((sample) => ({ text: sample.full_text, spans: convertSpans(sample) }));
}
