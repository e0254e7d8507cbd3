import type { Usage } from '../canonical/types.js';
import type { ErrorCode } from '../errors/codes.js';
import type { InspectionResult } from '../inspect/types.js';
import type { PolicyDecision } from '../policy/create-policy-engine.js';
import type { Route } from './operation.js';
import type { OutputFinding } from './inspect-output.js';

/**
 * What happened to one request, filled in by the stages as it passes. Observers (usage, limits,
 * audit, metrics) read it when the request ends. It holds findings and decisions, never prompt
 * or completion text; `outputText` is kept only in memory, to estimate tokens when a provider
 * reports none, and is dropped with the request.
 */
export interface RequestTrace {
  operation?: 'chat' | 'completion' | 'embedding' | 'count-tokens';
  stream?: boolean;
  requestedModel?: string;
  inspection?: InspectionResult;
  decision?: PolicyDecision;
  route?: Route;
  attempts?: number;
  /** Usage as reported by the destination, or estimated (then `estimated: true`). */
  usage?: Usage;
  /** Input texts after redaction, for estimating input tokens when no usage is reported. */
  inputTexts?: string[];
  outputText?: string[];
  /** Secrets and PII in the answer that the request did not carry (masked or flagged). */
  outputFindings?: OutputFinding[];
  /** The code of the error the client was sent, if any. */
  errorCode?: ErrorCode;
  /** ms from the start of the request to the first streamed event. */
  firstEventMs?: number;
}

/** How the request ended, as the client saw it. Exactly one per request. */
export interface RequestOutcome {
  status: number;
  errorCode?: ErrorCode;
  /** The stream started but broke off (client gone or upstream failed). */
  interrupted?: boolean;
  latencyMs: number;
}
