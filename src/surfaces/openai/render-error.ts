import type { AirlockError } from '../../errors/airlock-error.js';

/** OpenAI's error `type` for a status, as its SDKs expect. */
function errorType(error: AirlockError): string {
  if (error.code === 'BUDGET_EXCEEDED') return 'insufficient_quota';
  if (error.status === 401) return 'authentication_error';
  if (error.status === 403) return 'permission_error';
  if (error.status === 429) return 'rate_limit_error';
  if (error.status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** `{error:{message,type,code,param}}`: OpenAI's error object, with Airlock's stable code. */
export function renderOpenAIError(error: AirlockError): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message: error.message, type: errorType(error), code: error.code, param: error.param ?? null } };
}
