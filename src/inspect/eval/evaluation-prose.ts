import { INJECTION_TYPES, type EvaluationReport } from './evaluation-report.js';

const percent = (value: number) => value.toFixed(3);

/** What was chosen for names, addresses and dates of birth, and why, with this run's figures. */
export function describeContextualChoices(report: EvaluationReport): string[] {
  const score = (type: string) => report.pii.evaluation.scores.get(type)!;
  const person = score('person');
  const address = score('street_address');
  const birth = score('date_of_birth');
  return [
    '### Names, street addresses and dates of birth: what ships and why',
    '',
    'The bar was precision ≥ 0.7 on the corpus, near-silence on code, and a cost that fits the hot path (every request, autocomplete included).',
    '',
    `- \`person\` ships as a context heuristic: one to four capitalised words after a title (Mr, Dr, ...), a salutation (Dear, Regards),`,
    `  "my/his/her name is" or "Name:". Precision ${percent(person.precision)}, recall ${percent(person.recall)}: it finds only names that are introduced`,
    '  as such. A policy should treat a `person` finding as reliable and its absence as no evidence.',
    `- \`street_address\` ships as a pattern for English-style addresses (house number, capitalised name, street type such as Street/Ave/Road,`,
    `  optional Apt/Suite). Precision ${percent(address.precision)}, recall ${percent(address.recall)}: most corpus addresses are continental ("Koskikatu 25",`,
    '  "Rua do Arenque 1634") or lack a street type, which this pattern does not cover.',
    `- \`date_of_birth\` ships: a date right after "born", "date of birth", "DOB" or "birthday". Precision ${percent(birth.precision)}, recall ${percent(birth.recall)}`,
    `  on ${report.pii.evaluation.support.get('date_of_birth') ?? 0} spans; the gold set is selected by a similar context rule, so this mostly measures date parsing.`,
    '- The `compromise` NLP library was measured as the alternative (table below, when the comparison ran). It finds more names,',
    '  but its cost per KB is orders of magnitude above the hot-path budget, it reports "people" in ordinary code, and its places are',
    '  towns and countries rather than street addresses; it is not a dependency.',
    '',
  ];
}

/** The injection type vocabulary. */
export function describeInjectionTypes(): string[] {
  return [
    '### Injection types',
    '',
    'Findings of category `injection` carry one of these types. The heuristics weigh text by where it sits: tool results and files',
    '+0.15 confidence, system prompts −0.15 (−0.35 for role-play framings, which system prompts use legitimately), assistant text −0.1.',
    '',
    '| type | meaning |',
    '|---|---|',
    ...Object.entries(INJECTION_TYPES).map(([type, meaning]) => `| \`${type}\` | ${meaning} |`),
    '',
  ];
}

/** Known weaknesses, stated so nobody over-trusts the figures. */
export function describeWeaknesses(report: EvaluationReport): string[] {
  return [
    '## Known weaknesses',
    '',
    '- The PII corpus is synthetic and template-based; structured types have few gold spans (SSN and IP especially), so one error',
    '  moves a score a lot. Phone numbers without a country code are only accepted when they start with a trunk 0 or follow the',
    '  North American shape, or when the text calls them a phone; a bare local number with no such context is missed.',
    '- `credit_card` accepts a Luhn-valid number outside the known issuer ranges only where the text says "card" (the corpus has',
    '  such numbers); `phone`, `us_ssn` and `credit_card` look only at Latin digits.',
    `- The jailbreak classifier was trained on ${report.injection.trainCount} English prompts of one public dataset. It never saw source code, so text`,
    '  that looks like code is left to the heuristics; of a long text it reads the start and the end. Its keywords gate it off texts',
    '  without words such as "you", "pretend" or "rules".',
    '- The heuristics are English-only and phrase-based: a paraphrase they do not list, or an instruction in another language, is left',
    '  to the classifier. Exfiltration to a bare e-mail address is matched only when a URL-style destination keyword is also present.',
    "- Code figures count findings, not judged errors: PII in dependencies is partly real (authors' addresses, test fixtures).",
    '',
  ];
}
