import path from 'node:path';
import type { ConfigInput } from './schema.js';
import { packageRoot } from './package-root.js';

/** The shipped model: a 260K-parameter toy, so a laptop gets answers with nothing else installed. */
export const SHIPPED_MODEL_PATH = path.join(packageRoot, 'models', 'stories260K.gguf');

/**
 * The configuration used when no file is given: one embedded local destination serving the
 * shipped model, bound to loopback.
 */
export function createEmbeddedDefaults(): ConfigInput {
  return {
    destinations: {
      local: { kind: 'embedded', tier: 'local', retention: 'zero', modelPath: SHIPPED_MODEL_PATH },
    },
    models: {
      local: { destination: 'local', upstream: 'stories260K', aliases: ['stories260K'] },
    },
  };
}
