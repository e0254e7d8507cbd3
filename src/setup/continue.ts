import path from 'node:path';
import { isMap, isSeq, stringify, type Document, type YAMLMap } from 'yaml';
import { UsageError } from '../client/terminal-io.js';
import { formatYamlLike, parseYamlConfig } from './config-formats.js';
import type { SetupTarget, ToolSetup } from './tool-setup.js';

const CHAT_NAME = 'Airlock';
const AUTOCOMPLETE_NAME = 'Airlock autocomplete';

/**
 * Continue's `models:` entries: a chat model on the OpenAI chat endpoint, and an autocomplete
 * model on the legacy completions endpoint (`useLegacyCompletionsEndpoint`), which is the one
 * that carries fill-in-the-middle prompts. The trailing slash matters: Continue resolves
 * endpoint paths against `apiBase` as a URL.
 */
export function createContinueModels(target: SetupTarget): Record<string, unknown>[] {
  const common = {
    provider: 'openai',
    model: target.model,
    apiBase: `${target.openaiBaseUrl}/`,
    ...(target.key ? { apiKey: target.key } : {}),
  };
  return [
    { name: CHAT_NAME, ...common, roles: ['chat', 'edit', 'apply'] },
    { name: AUTOCOMPLETE_NAME, ...common, useLegacyCompletionsEndpoint: true, roles: ['autocomplete'] },
  ];
}

/** `~/.continue/config.yaml` (Continue's global config; CONTINUE_GLOBAL_DIR moves it). */
export const continueSetup: ToolSetup = {
  name: 'continue',
  title: 'Continue',
  storesKey: true,
  configFile: ({ homeDir, env }) => path.join(env.CONTINUE_GLOBAL_DIR || path.join(homeDir, '.continue'), 'config.yaml'),
  mergeConfig(current, target) {
    const document = parseYamlConfig(current, 'config.yaml');
    const before = document.toJS() as unknown;
    // A new config needs Continue's required top-level fields.
    for (const [key, value] of [
      ['name', 'Local Config'],
      ['version', '1.0.0'],
      ['schema', 'v1'],
    ] as const) {
      if (!document.has(key)) document.set(key, value);
    }
    mergeModels(document, createContinueModels(target));
    return formatYamlLike(current, before, document);
  },
  render: (target) => stringify({ models: createContinueModels(target) }, { lineWidth: 0 }),
  notes: () => [
    'Continue picks up config.yaml changes on save; choose "Airlock" in the model selector.',
    'Other models in the file still talk to their own providers directly; remove them if all traffic must go through Airlock.',
    'Check it: send a chat message, then run `airlock chat` and `/why`, or look for x-airlock-* headers in the gateway log.',
  ],
};

/**
 * Updates Airlock's entries in place (found by name, so the user's edits to other fields and
 * their comments stay) and puts missing ones first, so they are the defaults.
 */
function mergeModels(document: Document, models: Record<string, unknown>[]): void {
  let sequence = document.get('models');
  if (sequence === undefined || sequence === null) {
    document.set('models', document.createNode([]));
    sequence = document.get('models');
  }
  if (!isSeq(sequence)) throw new UsageError('config.yaml: "models" is not a list.');
  const added: YAMLMap[] = [];
  for (const model of models) {
    const existing = sequence.items.find((item): item is YAMLMap => isMap(item) && item.get('name') === model.name);
    if (existing) {
      for (const [key, value] of Object.entries(model)) {
        if (JSON.stringify(existing.toJSON()[key]) !== JSON.stringify(value)) existing.set(key, document.createNode(value));
      }
    } else {
      added.push(document.createNode(model) as YAMLMap);
    }
  }
  if (added.length === 0) return;
  // A comment written above the first entry belongs to that entry, not to the list's new head.
  const [first] = sequence.items;
  if (sequence.commentBefore && first && isMap(first)) {
    first.commentBefore = sequence.commentBefore;
    sequence.commentBefore = undefined;
  }
  sequence.items.unshift(...added);
}
