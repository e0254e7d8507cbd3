import type { z } from 'zod';
import { AirlockError } from '../errors/airlock-error.js';

/**
 * Validates a parsed body against a surface's schema. The first problem becomes INVALID_REQUEST
 * with `param` naming the field; the message never quotes the value (it may be a secret).
 */
export function validateBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? formatParam(issue.path) : undefined;
  const message = issue ? `${param ? `${param}: ` : ''}${issue.message}` : 'Invalid request body.';
  throw new AirlockError('INVALID_REQUEST', message, { ...(param ? { param } : {}) });
}

function formatParam(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}
