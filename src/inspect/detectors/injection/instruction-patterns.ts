import { JAILBREAK_COMPLIANCE, JAILBREAK_MODE, JAILBREAK_PERSONA, JAILBREAK_POLICY } from './jailbreak-patterns.js';

/**
 * The phrasings of prompt injection, written from the published taxonomies (OWASP LLM01, Greshake
 * et al. 2023 on indirect injection, the public DAN-style jailbreak write-ups) rather than from any
 * corpus row. Every gap is a bounded, lazy `[^\n]{0,N}?` or `[^.\n]{0,N}?`, so a pattern costs at
 * most a constant per start position and cannot backtrack catastrophically.
 *
 * Patterns are grouped so that each group has keywords rare in ordinary text and code: the engine's
 * prefilter then runs a group only when one of them occurs. A group's keywords must cover every
 * match of its patterns (a test checks this on the true positives).
 */
export type InstructionType =
  'instruction_override' | 'system_prompt_leak' | 'data_exfiltration' | 'jailbreak_roleplay' | 'chat_template_injection';

export interface InjectionPattern {
  type: InstructionType;
  /** Global, or sticky when `startsWith` is set. */
  pattern: RegExp;
  confidence: number;
  /**
   * Lower-case literals every match starts with (matched in any case). The pattern, sticky, is
   * tried only where one occurs; the engine's prefilter pass finds those places, so a pattern
   * opening on an alternation of verbs never scans the whole text.
   */
  startsWith?: readonly string[];
  /**
   * Something that occurs inside every match: lower-case `literals` (found by the prefilter pass,
   * like `startsWith`) or a cheaper global `pattern`. The full pattern then runs only on a window
   * of `before` characters before and `after` characters after each occurrence, which keeps
   * patterns with long bounded gaps off the bulk of the text.
   */
  anchor?: { literals?: readonly string[]; pattern?: RegExp; before: number; after: number };
}

export interface PatternGroup {
  id: string;
  keywords: readonly string[];
  patterns: readonly InjectionPattern[];
}

const TARGET_INSTRUCTIONS =
  '(?:instructions?|prompts?|rules|directions|directives|guidelines|commands|constraints|policies|programming|restrictions|guardrails)';
// What an exfiltration asks to send. Bare `token`, `secret`, `session` are left out: they are in
// every other line of code, where "post the token to https://..." is documentation, not an attack.
const SECRET_DATA =
  "(?:conversation|chat history|system prompt|(?:api|access|secret|private|ssh|auth) (?:keys?|tokens?)|credentials|passwords?|env(?:ironment)? variables|\\.env\\b|cookies|personal (?:data|information)|user(?:'s)? (?:data|emails|files)|contents? of|the (?:above|previous|whole|entire) (?:text|conversation|messages?|chat|context)|all (?:the )?(?:data|files|messages|emails|documents))";
const OVERRIDE: PatternGroup = {
  id: 'injection-override',
  keywords: [
    'ignore',
    'disregard',
    'forget',
    'bypass',
    'not follow',
    "n't follow",
    'not obey',
    "n't obey",
    'stop follow',
    'stop obey',
    'instructions:',
    'instruction:',
  ],
  patterns: [
    {
      type: 'instruction_override',
      pattern: new RegExp(
        `\\b(?:ignore|disregard|forget|bypass)\\b[^.\\n]{0,30}?\\b(?:previous|prior|above|earlier|preceding|former|original|initial|system|developer|safety|all|any|your)\\b[^.\\n]{0,20}?\\b${TARGET_INSTRUCTIONS}\\b`,
        'gi',
      ),
      confidence: 0.8,
      anchor: { literals: ['ignore', 'disregard', 'forget', 'bypass'], before: 0, after: 100 },
    },
    {
      type: 'instruction_override',
      pattern:
        /\b(?:ignore|disregard|forget)\s+(?:everything|anything|all)\s+(?:above|before|else|previously|you(?:'ve| have) been told)\b/gi,
      confidence: 0.8,
      anchor: { literals: ['ignore', 'disregard', 'forget'], before: 0, after: 80 },
    },
    {
      type: 'instruction_override',
      pattern:
        /\b(?:do not|don't|stop)\s+(?:follow(?:ing)?|obey(?:ing)?)\s+(?:your|the|any)\s+(?:previous|prior|system|original|initial)\b/gi,
      confidence: 0.75,
      anchor: { literals: ['follow', 'obey'], before: 20, after: 60 },
    },
    {
      type: 'instruction_override',
      pattern: /(?:^|\n)[ \t]*(?:#+[ \t]*)?(?:new|updated|real|actual|important|urgent)[ \t]+(?:system[ \t]+)?instructions?:/gi,
      confidence: 0.55,
      anchor: { literals: ['instruction:', 'instructions:'], before: 40, after: 16 },
    },
  ],
};

const PROMPT_LEAK: PatternGroup = {
  id: 'injection-prompt-leak',
  keywords: [
    'system prompt',
    'system message',
    'system instructions',
    'initial prompt',
    'initial instructions',
    'hidden prompt',
    'hidden instructions',
    'developer message',
    'developer prompt',
    'instructions above',
    'prompt above',
    'text above',
  ],
  patterns: [
    {
      type: 'system_prompt_leak',
      pattern:
        /\b(?:reveal|show|print|output|repeat|display|tell me|leak|dump|give me|write out|spell out|what (?:is|are|was|were))\b[^.\n]{0,30}?\b(?:your|the)\s+(?:(?:full|entire|exact|original|initial|hidden|secret)\s+)?(?:system\s+(?:prompt|message|instructions)|initial\s+(?:prompt|instructions)|hidden\s+(?:prompt|instructions)|developer\s+(?:message|prompt)|(?:instructions|prompt|text)\s+above)\b/iy,
      startsWith: [
        'reveal',
        'show',
        'print',
        'output',
        'repeat',
        'display',
        'tell me',
        'leak',
        'dump',
        'give me',
        'write out',
        'spell out',
        'what ',
      ],
      confidence: 0.75,
    },
  ],
};

const EXFILTRATION: PatternGroup = {
  id: 'injection-exfiltration',
  // The destination is the one part every match has; an e-mail destination is caught when one of
  // these also occurs (and by the classifier), since no keyword can stand for any address.
  keywords: [
    'to http',
    'at http',
    'into http',
    'to ftp',
    'to this url',
    'to my url',
    'to our url',
    'to the following url',
    'to this endpoint',
    'to my endpoint',
    'to our endpoint',
    'to this webhook',
    'to my webhook',
    'to our webhook',
    'to the following endpoint',
    'to the following webhook',
  ],
  patterns: [
    {
      type: 'data_exfiltration',
      pattern: new RegExp(
        `\\b(?:send|post|upload|forward|transmit|exfiltrate|leak|e-?mail|submit|copy|append)\\b[^\\n]{0,60}?\\b${SECRET_DATA}[^\\n]{0,60}?\\b(?:to|at|into)\\s+(?:https?:\\/\\/|ftp:\\/\\/|[\\w.+-]+@[\\w-]+\\.[\\w.]+|(?:this|my|the following|our)\\s+(?:url|endpoint|webhook))`,
        'gi',
      ),
      confidence: 0.8,
      // Anchored on the destination, the rarest part in code; verb and data are looked for before it.
      anchor: {
        pattern: /(?:to|at|into)\s+(?:https?:\/\/|ftp:\/\/|[\w.+-]+@[\w-]+\.|(?:this|my|the following|our)\s+(?:url|endpoint|webhook))/gi,
        before: 160,
        after: 40,
      },
    },
  ],
};

const EXFILTRATION_COMMAND: PatternGroup = {
  id: 'injection-exfiltration-command',
  keywords: [
    '.ssh',
    'id_rsa',
    '/etc/passwd',
    '/etc/shadow',
    '.aws/credentials',
    '$(env',
    '$(printenv',
    '`env`',
    '`printenv`',
    '$( env',
    '$( printenv',
  ],
  patterns: [
    {
      type: 'data_exfiltration',
      pattern:
        /\b(?:curl|wget|invoke-webrequest|fetch)\b[^\n]{0,120}?(?:~\/\.ssh|id_rsa|\/etc\/passwd|\/etc\/shadow|\.aws\/credentials|\$\(\s*(?:env|printenv)\b|`(?:env|printenv)`)/iy,
      startsWith: ['curl', 'wget', 'invoke-webrequest', 'fetch'],
      confidence: 0.8,
    },
  ],
};

const CHAT_TEMPLATE: PatternGroup = {
  id: 'injection-chat-template',
  keywords: [
    '<|im_start|>',
    '<|system|>',
    '<|start_header_id|>',
    '<<sys>>',
    '[inst]',
    '[/inst]',
    '<system>',
    '</system>',
    '<sys>',
    '</sys>',
  ],
  patterns: [
    {
      type: 'chat_template_injection',
      pattern: /<\|im_start\|>\s*system|<\|(?:system|start_header_id)\|>|<<SYS>>|\[\/?INST\]|<\/?(?:system|sys)>/gi,
      confidence: 0.6,
    },
  ],
};

/** Every heuristic group, each becoming one detector. */
export const PATTERN_GROUPS: readonly PatternGroup[] = [
  OVERRIDE,
  PROMPT_LEAK,
  EXFILTRATION,
  EXFILTRATION_COMMAND,
  JAILBREAK_MODE,
  JAILBREAK_PERSONA,
  JAILBREAK_POLICY,
  JAILBREAK_COMPLIANCE,
  CHAT_TEMPLATE,
];
