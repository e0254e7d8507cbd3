import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestContext } from '../pipeline/request-context.js';
import type { RequestOutcome } from '../pipeline/request-trace.js';

/**
 * Prometheus metrics for operators: requests by surface, route and decision, latency, time to the
 * first streamed event, tokens, and findings by type. Labels come only from bounded sets (surfaces,
 * configured model and destination names, classifications, actions, error codes, detector types):
 * never a user, a team, a prompt or a value, and never a model name the client made up (an unknown
 * model is counted with an empty `model`). Off unless `metrics.enabled`; then served at
 * `GET /admin/metrics` to an admin credential.
 */
export interface Metrics {
  /** The afterResponse observer: one call per request, when it ends. */
  record(context: RequestContext, outcome: RequestOutcome): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createMetrics(options: { collectProcessMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.collectProcessMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'airlock_' });
  const requests = new Counter({
    name: 'airlock_requests_total',
    help: 'Model requests by surface, model and destination that answered, classification, policy action and outcome (ok or the error code).',
    labelNames: ['surface', 'model', 'destination', 'classification', 'action', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'airlock_request_duration_seconds',
    help: 'Time from the first byte of a model request to its end, streams included.',
    labelNames: ['surface', 'stream'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const firstEvent = new Histogram({
    name: 'airlock_stream_first_event_seconds',
    help: 'Time from the first byte of a streamed request to its first event from the destination.',
    labelNames: ['surface', 'destination'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'airlock_tokens_total',
    help: 'Tokens by destination and direction (reported by the destination, or estimated).',
    labelNames: ['destination', 'direction'] as const,
    registers: [registry],
  });
  const findings = new Counter({
    name: 'airlock_findings_total',
    help: 'Findings in requests by category and type (what was found, never the value).',
    labelNames: ['category', 'type'] as const,
    registers: [registry],
  });
  const outputFindings = new Counter({
    name: 'airlock_output_findings_total',
    help: 'Secrets and PII in answers that the request did not carry, by category and whether they were masked.',
    labelNames: ['category', 'masked'] as const,
    registers: [registry],
  });

  return {
    record(context, outcome) {
      const { trace } = context;
      const destination = trace.route?.destination ?? '';
      requests.inc({
        surface: context.surface,
        model: trace.route?.model ?? trace.decision?.candidates[0]?.name ?? '',
        destination,
        classification: trace.inspection?.classification ?? '',
        action: trace.decision?.action ?? '',
        outcome: outcome.errorCode ?? (outcome.status < 400 ? 'ok' : String(outcome.status)),
      });
      duration.observe({ surface: context.surface, stream: trace.stream === true ? 'true' : 'false' }, outcome.latencyMs / 1_000);
      if (trace.firstEventMs !== undefined && destination !== '') {
        firstEvent.observe({ surface: context.surface, destination }, trace.firstEventMs / 1_000);
      }
      if (trace.usage && destination !== '') {
        tokens.inc({ destination, direction: 'input' }, trace.usage.inputTokens);
        tokens.inc({ destination, direction: 'output' }, trace.usage.outputTokens);
      }
      for (const finding of trace.inspection?.findings ?? []) findings.inc({ category: finding.category, type: finding.type });
      for (const finding of trace.outputFindings ?? []) outputFindings.inc({ category: finding.category, masked: String(finding.masked) });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
