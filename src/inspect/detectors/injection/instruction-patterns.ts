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
  | 'instruction_override'
  | 'system_prompt_leak'
  | 'data_exfiltration'
  | 'jailbreak_roleplay'
  | 'chat_template_injection';

export interface InjectionPattern {
  type: InstructionType;
  pattern: RegExp;
  confidence: number;
}

export interface PatternGroup {
  id: string;
  keywords: readonly string[];
  patterns: readonly InjectionPattern[];
}

const TARGET_INSTRUCTIONS =
  '(?:instructions?|prompts?|rules|directions|directives|guidelines|messages?|context|commands|constraints|policies|programming|restrictions|guardrails)';
const SECRET_DATA =
  "(?:conversation|chat history|system prompt|(?:api|access|secret|private|ssh) keys?|credentials|secrets?|passwords?|tokens?|env(?:ironment)? variables|\\.env\\b|cookies?|session|the (?:above|previous|whole|entire)|all (?:the )?(?:data|files|messages|emails|documents)|user(?:'s)? (?:data|emails|files)|personal (?:data|information)|contents? of)";

const OVERRIDE: PatternGroup = {
  id: 'injection-override',
  keywords: ['ignore', 'disregard', 'forget', 'bypass', 'not follow', "n't follow", 'not obey', "n't obey", 'stop follow', 'stop obey', 'instructions:', 'instruction:'],
  patterns: [
    {
      type: 'instruction_override',
      pattern: new RegExp(
        `\\b(?:ignore|disregard|forget|bypass)\\b[^.\\n]{0,30}?\\b(?:previous|prior|above|earlier|preceding|former|original|initial|system|developer|safety|all|any|your)\\b[^.\\n]{0,20}?\\b${TARGET_INSTRUCTIONS}\\b`,
        'gi',
      ),
      confidence: 0.8,
    },
    {
      type: 'instruction_override',
      pattern: /\b(?:ignore|disregard|forget)\s+(?:everything|anything|all)\s+(?:above|before|else|previously|you(?:'ve| have) been told)\b/gi,
      confidence: 0.8,
    },
    {
      type: 'instruction_override',
      pattern: /\b(?:do not|don't|stop)\s+(?:follow(?:ing)?|obey(?:ing)?)\s+(?:your|the|any)\s+(?:previous|prior|system|original|initial)\b/gi,
      confidence: 0.75,
    },
    {
      type: 'instruction_override',
      pattern: /(?:^|\n)[ \t]*(?:#+[ \t]*)?(?:new|updated|real|actual|important|urgent)[ \t]+(?:system[ \t]+)?instructions?:/gi,
      confidence: 0.55,
    },
  ],
};

const PROMPT_LEAK: PatternGroup = {
  id: 'injection-prompt-leak',
  keywords: [
    'system prompt', 'system message', 'system instructions', 'initial prompt', 'initial instructions', 'hidden prompt',
    'hidden instructions', 'developer message', 'developer prompt', 'instructions above', 'prompt above', 'text above',
  ],
  patterns: [
    {
      type: 'system_prompt_leak',
      pattern:
        /\b(?:reveal|show|print|output|repeat|display|tell me|leak|dump|give me|write out|spell out|what (?:is|are|was|were))\b[^.\n]{0,30}?\b(?:your|the)\s+(?:(?:full|entire|exact|original|initial|hidden|secret)\s+)?(?:system\s+(?:prompt|message|instructions)|initial\s+(?:prompt|instructions)|hidden\s+(?:prompt|instructions)|developer\s+(?:message|prompt)|(?:instructions|prompt|text)\s+above)\b/gi,
      confidence: 0.75,
    },
  ],
};

const EXFILTRATION: PatternGroup = {
  id: 'injection-exfiltration',
  keywords: ['to http', 'at http', 'into http', 'to ftp', '@', ' url', 'endpoint', 'webhook', '.ssh', 'id_rsa', '/etc/passwd', '/etc/shadow', '.aws/credentials', 'printenv', '$(env', '`env`'],
  patterns: [
    {
      type: 'data_exfiltration',
      pattern: new RegExp(
        `\\b(?:send|post|upload|forward|transmit|exfiltrate|leak|e-?mail|submit|copy|append)\\b[^\\n]{0,60}?\\b${SECRET_DATA}[^\\n]{0,60}?\\b(?:to|at|into)\\s+(?:https?:\\/\\/|ftp:\\/\\/|[\\w.+-]+@[\\w-]+\\.[\\w.]+|(?:this|my|the following|our)\\s+(?:url|endpoint|webhook))`,
        'gi',
      ),
      confidence: 0.8,
    },
    {
      type: 'data_exfiltration',
      pattern: /\b(?:curl|wget|invoke-webrequest|fetch)\b[^\n]{0,120}?(?:~\/\.ssh|id_rsa|\/etc\/passwd|\/etc\/shadow|\.aws\/credentials|\$\(\s*(?:env|printenv)\b|`(?:env|printenv)`)/gi,
      confidence: 0.8,
    },
  ],
};

const JAILBREAK: PatternGroup = {
  id: 'injection-jailbreak-phrases',
  keywords: [
    'developer mode', 'dev mode', 'god mode', 'jailbreak', 'jailbroken', 'unrestricted', 'unfiltered', 'uncensored',
    'evil mode', 'chaos mode', 'opposite mode', 'unlocked mode', 'do anything now', 'stands for', 'no restrictions',
    'no limits', 'no filters', 'openai', 'anthropic', 'chatgpt', 'ethical', 'moral', 'safety', 'content polic',
    'refuse', 'decline', 'say no', 'break character', 'unethical', 'immoral', 'amoral',
  ],
  patterns: [
    {
      type: 'jailbreak_roleplay',
      pattern: /\b(?:developer|dev|god|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|chaos|opposite|unlocked)\s+mode\b/gi,
      confidence: 0.7,
    },
    {
      type: 'jailbreak_roleplay',
      pattern: /\b(?:DAN|STAN|DUDE)\b(?=[^\n]{0,80}?\b(?:stands for|can do anything|no (?:restrictions|limits|filters)|jailbr))|\bdo anything now\b/g,
      confidence: 0.75,
    },
    {
      type: 'jailbreak_roleplay',
      pattern:
        /\b(?:not bound by|free(?:d)? (?:from|of)|break(?:ing)? free (?:of|from)|ignore|bypass|violate|abide by no|without)\s+(?:any\s+|all\s+|the\s+)?(?:of\s+)?(?:openai|anthropic|chatgpt|ethical|moral|safety|content polic(?:y|ies))(?:'s)?\s*(?:content\s+)?(?:policy|policies|guidelines|rules|restrictions|filters|limitations|confines|boundaries|principles)?\b/gi,
      confidence: 0.7,
    },
    {
      type: 'jailbreak_roleplay',
      pattern: /\b(?:never|won't|will not|cannot|can't|must not|do not|don't)\s+(?:ever\s+)?(?:refuse|decline|say no)\b|\bnever break character\b/gi,
      confidence: 0.55,
    },
    {
      type: 'jailbreak_roleplay',
      pattern: /\b(?:amoral|unfiltered|uncensored|unrestricted|unethical|jailbroken|immoral)\s+(?:ai|assistant|chatbot|bot|model|version|persona|character|entity)\b/gi,
      confidence: 0.65,
    },
  ],
};

const CHAT_TEMPLATE: PatternGroup = {
  id: 'injection-chat-template',
  keywords: ['<|im_start|>', '<|system|>', '<|start_header_id|>', '<<sys>>', '[inst]', '[/inst]', '<system>', '</system>', '<sys>', '</sys>'],
  patterns: [
    {
      type: 'chat_template_injection',
      pattern: /<\|im_start\|>\s*system|<\|(?:system|start_header_id)\|>|<<SYS>>|\[\/?INST\]|<\/?(?:system|sys)>/gi,
      confidence: 0.6,
    },
  ],
};

/** Every heuristic group, each becoming one detector. */
export const PATTERN_GROUPS: readonly PatternGroup[] = [OVERRIDE, PROMPT_LEAK, EXFILTRATION, JAILBREAK, CHAT_TEMPLATE];
