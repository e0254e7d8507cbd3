import type { Detector } from '../../types.js';
import { defineSecretRule } from '../define-pattern-detector.js';
import { compile, END, END_TOKEN, START } from './patterns.js';

/**
 * AI vendors. OpenAI keys carry `T3BlbkFJ` (base64 of "OpenAI") in the middle, a fixed marker
 * that makes even the legacy `sk-…` format precise.
 */
export const aiRules: Detector[] = [
  defineSecretRule(
    'openai_api_key',
    ['t3blbkfj'],
    compile(String.raw`${START}sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_\-]{16,200}T3BlbkFJ[A-Za-z0-9_\-]{16,200}${END_TOKEN}`),
    0.99,
  ),
  defineSecretRule(
    'openai_api_key',
    ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    compile(String.raw`${START}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{80,250}${END_TOKEN}`),
    0.9,
    {
      id: 'openai_api_key.project',
    },
  ),
  defineSecretRule(
    'anthropic_api_key',
    ['sk-ant-api'],
    compile(String.raw`${START}sk-ant-api\d{2}-[A-Za-z0-9_\-]{80,120}${END_TOKEN}`),
    0.99,
  ),
  defineSecretRule(
    'anthropic_admin_key',
    ['sk-ant-admin'],
    compile(String.raw`${START}sk-ant-admin\d{2}-[A-Za-z0-9_\-]{80,120}${END_TOKEN}`),
    0.99,
  ),
  defineSecretRule('huggingface_token', ['hf_'], compile(String.raw`${START}hf_[A-Za-z0-9]{34,40}${END}`), 0.9, {
    check: (value) => /[A-Z]/.test(value.slice(3)) && /[a-z]/.test(value.slice(3)),
  }),
  defineSecretRule('groq_api_key', ['gsk_'], compile(String.raw`${START}gsk_[A-Za-z0-9]{52}${END}`), 0.97),
  defineSecretRule('replicate_api_token', ['r8_'], compile(String.raw`${START}r8_[A-Za-z0-9]{37}${END}`), 0.95),
  defineSecretRule('perplexity_api_key', ['pplx-'], compile(String.raw`${START}pplx-[A-Za-z0-9]{48}${END}`), 0.95),
  defineSecretRule('xai_api_key', ['xai-'], compile(String.raw`${START}xai-[A-Za-z0-9]{80}${END}`), 0.95),
  defineSecretRule('langsmith_api_key', ['lsv2_'], compile(String.raw`${START}lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}${END}`), 0.98),
  defineSecretRule('openrouter_api_key', ['sk-or-v1-'], compile(String.raw`${START}sk-or-v1-[a-f0-9]{64}${END}`), 0.98),
];
