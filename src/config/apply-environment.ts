import { parse as parseYamlScalar } from 'yaml';

const SHORTCUTS: Record<string, string[]> = {
  AIRLOCK_HOST: ['server', 'host'],
  AIRLOCK_PORT: ['server', 'port'],
  AIRLOCK_DATA_DIR: ['dataDir'],
  AIRLOCK_LOG_LEVEL: ['log', 'level'],
};

const IGNORED = new Set(['AIRLOCK_CONFIG']);

/**
 * Applies environment overrides to a raw config object (before validation). Besides the
 * shortcuts above, `AIRLOCK_<A>__<B>__<C>=value` sets `a.b.c`, with each segment turned from
 * SNAKE_CASE into camelCase (`AIRLOCK_SERVER__BODY_LIMIT=1048576` sets `server.bodyLimit`).
 * Values are read as YAML scalars, so numbers and booleans get their types.
 */
export function applyEnvironment(raw: Record<string, unknown>, env: Record<string, string | undefined>): Record<string, unknown> {
  const result = structuredClone(raw);
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !name.startsWith('AIRLOCK_') || IGNORED.has(name)) continue;
    const segments = SHORTCUTS[name] ?? (name.includes('__') ? name.slice('AIRLOCK_'.length).split('__').map(convertSegment) : undefined);
    if (!segments || segments.some((segment) => segment === '')) continue;
    setPath(result, segments, parseValue(value));
  }
  return result;
}

function convertSegment(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function parseValue(value: string): unknown {
  try {
    const parsed: unknown = parseYamlScalar(value);
    return typeof parsed === 'object' && parsed !== null ? value : parsed;
  } catch {
    return value;
  }
}

function setPath(target: Record<string, unknown>, segments: string[], value: unknown): void {
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1] as string] = value;
}
