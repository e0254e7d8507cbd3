import type { AirlockDecision } from './airlock-decision.js';

/**
 * A request to the gateway that failed: the gateway's own error (its stable code and message,
 * see docs/errors.md) or a client-side failure with a code of the CLI's own
 * (`GATEWAY_UNREACHABLE`, `GATEWAY_PROTOCOL_ERROR`). The message never holds the key or prompt.
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: string;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** The decision headers the error response carried (a policy block names its rule). */
  readonly decision: AirlockDecision;

  constructor(code: string, message: string, options: { status?: number; decision?: AirlockDecision; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.decision = options.decision ?? {};
  }
}

/** How the developer commands print a failed request: a policy block reads as one, the rest with their code. */
export function formatGatewayError(error: GatewayError): string {
  if (error.code === 'POLICY_BLOCKED') {
    const rule = error.decision.rule ? ` (rule ${error.decision.rule})` : '';
    return `Blocked by policy${rule}: ${error.message}\n`;
  }
  const status = error.status ? `, HTTP ${error.status}` : '';
  return `airlock: ${error.message} (${error.code}${status})\n`;
}

/** Reads an OpenAI error object (`{error:{message,code,type}}`), tolerating other shapes. */
export function parseErrorBody(text: string): { message: string; code: string | undefined } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const inner = (body as { error?: unknown }).error;
  if (typeof inner === 'string') return { message: inner, code: undefined };
  if (typeof inner !== 'object' || inner === null) return undefined;
  const { message, code, type } = inner as { message?: unknown; code?: unknown; type?: unknown };
  if (typeof message !== 'string') return undefined;
  const stableCode = typeof code === 'string' ? code : typeof type === 'string' ? type : undefined;
  return { message, code: stableCode };
}
