import type { PatternGroup } from './instruction-patterns.js';

/**
 * Jailbreak framings, from the public write-ups of DAN-style prompts: named "modes", personas that
 * "can do anything", claims of freedom from the vendor's policies, promises never to refuse. Kept
 * apart from the instruction patterns so each file stays readable; see instruction-patterns.ts for
 * the rules every pattern follows (bounded gaps, keywords covering every match).
 */
export const JAILBREAK_MODE: PatternGroup = {
  id: 'injection-jailbreak-mode',
  keywords: [
    'developer mode',
    'dev mode',
    'god mode',
    'jailbreak mode',
    'jailbroken mode',
    'unrestricted mode',
    'unfiltered mode',
    'uncensored mode',
    'evil mode',
    'chaos mode',
    'opposite mode',
    'unlocked mode',
  ],
  patterns: [
    {
      type: 'jailbreak_roleplay',
      pattern: /\b(?:developer|dev|god|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|chaos|opposite|unlocked) mode\b/gi,
      confidence: 0.7,
    },
  ],
};

export const JAILBREAK_PERSONA: PatternGroup = {
  id: 'injection-jailbreak-persona',
  keywords: ['do anything now', 'stands for', 'can do anything', 'no restrictions', 'no limits', 'no filters', 'jailbr'],
  patterns: [
    {
      type: 'jailbreak_roleplay',
      pattern:
        /\b(?:DAN|STAN|DUDE)\b(?=[^\n]{0,80}?\b(?:stands for|can do anything|no (?:restrictions|limits|filters)|jailbr))|\bdo anything now\b/g,
      confidence: 0.75,
    },
  ],
};

export const JAILBREAK_POLICY: PatternGroup = {
  id: 'injection-jailbreak-policy',
  keywords: [
    'openai',
    'anthropic',
    'chatgpt',
    'ethical',
    'moral',
    'safety guidelines',
    'safety filters',
    'safety polic',
    'safety rules',
    'safety restrictions',
    'content polic',
  ],
  patterns: [
    {
      type: 'jailbreak_roleplay',
      pattern:
        /\b(?:not bound by|free(?:d)? (?:from|of)|break(?:ing)? free (?:of|from)|ignore|bypass|violate|abide by no|without)[ \t]+(?:any[ \t]+|all[ \t]+|the[ \t]+)?(?:of[ \t]+)?(?:(?:openai|anthropic|chatgpt|ethical|moral)(?:'s)?[ \t]+(?:content[ \t]+)?(?:policy|policies|guidelines|rules|restrictions|filters|limitations|confines|boundaries|principles)|safety (?:guidelines|filters|polic(?:y|ies)|rules|restrictions)|content polic(?:y|ies))/iy,
      startsWith: ['not bound by', 'free', 'break', 'ignore', 'bypass', 'violate', 'abide by no', 'without'],
      confidence: 0.7,
    },
  ],
};

export const JAILBREAK_COMPLIANCE: PatternGroup = {
  id: 'injection-jailbreak-compliance',
  keywords: [
    'never refuse',
    'never ever refuse',
    'not refuse',
    "n't refuse",
    'cannot refuse',
    'never decline',
    'not decline',
    "n't decline",
    'cannot decline',
    'never say no',
    'not say no',
    "n't say no",
    'cannot say no',
    'never break character',
    'amoral',
    'unfiltered',
    'uncensored',
    'unrestricted',
    'unethical',
    'jailbroken',
    'immoral',
  ],
  patterns: [
    {
      type: 'jailbreak_roleplay',
      // "never refuses" or "you won't refuse"; "the API can't refuse the pair" in documentation is not a jailbreak.
      pattern:
        /\bnever\s+(?:ever\s+)?(?:refuses?|declines?|says? no)\b|\byou\s+(?:will not|won't|cannot|can't|must not|do not|don't|shall not|should not|may not)\s+(?:ever\s+)?(?:refuse|decline|say no)\b|\bnever break character\b/iy,
      startsWith: ['never', 'you'],
      confidence: 0.55,
    },
    {
      type: 'jailbreak_roleplay',
      pattern:
        /\b(?:amoral|unfiltered|uncensored|unrestricted|unethical|jailbroken|immoral)\s+(?:ai|assistant|chatbot|bot|model|version|persona|character|entity)\b/iy,
      startsWith: ['amoral', 'unfiltered', 'uncensored', 'unrestricted', 'unethical', 'jailbroken', 'immoral'],
      confidence: 0.65,
    },
  ],
};
