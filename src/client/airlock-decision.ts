import type { IncomingHttpHeaders } from 'node:http';

/** What the gateway said it decided about one request, from its `x-airlock-*` response headers. */
export interface AirlockDecision {
  requestId?: string;
  classification?: string;
  /** `destination/upstream-model`. */
  route?: string;
  /** allow, redact, reroute, block or monitor. */
  action?: string;
  rule?: string;
  /** How many values were replaced by placeholders before the request left. */
  redactions?: number;
  /** In monitor mode: what enforcement would have done (`action:rule`). */
  would?: string;
}

/** Reads the `x-airlock-*` headers; absent ones stay absent. */
export function readDecision(headers: IncomingHttpHeaders): AirlockDecision {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const decision: AirlockDecision = {};
  const requestId = header('x-airlock-request-id');
  const classification = header('x-airlock-classification');
  const route = header('x-airlock-route');
  const action = header('x-airlock-action');
  const rule = header('x-airlock-rule');
  const redactions = header('x-airlock-redactions');
  const would = header('x-airlock-would');
  if (requestId) decision.requestId = requestId;
  if (classification) decision.classification = classification;
  if (route) decision.route = route;
  if (action) decision.action = action;
  if (rule) decision.rule = rule;
  if (redactions && /^\d+$/.test(redactions)) decision.redactions = Number(redactions);
  if (would) decision.would = would;
  return decision;
}

/** The `/why` answer: one labelled line per thing the gateway reported. */
export function formatDecision(decision: AirlockDecision, outcome?: string): string {
  const rows: [string, string | undefined][] = [
    ['classification', decision.classification],
    ['action', decision.action],
    ['rule', decision.rule],
    ['route', decision.route],
    ['redactions', decision.redactions === undefined ? undefined : String(decision.redactions)],
    ['would', decision.would],
    ['request id', decision.requestId],
    ['outcome', outcome],
  ];
  const present = rows.filter((row): row is [string, string] => row[1] !== undefined);
  if (present.length === 0) return 'The gateway reported no decision for the last request.\n';
  return present.map(([label, value]) => `  ${`${label}:`.padEnd(16)}${value}\n`).join('');
}
