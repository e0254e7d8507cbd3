/**
 * Every error code Airlock returns, with its HTTP status. Codes are public API: clients and
 * dashboards match on them, so they are documented in docs/errors.md, asserted by tests and
 * never renamed. Add new codes at the end of their group.
 */
export const ERROR_CODES = {
  // The request itself
  INVALID_JSON: { status: 400, description: 'The body is not valid JSON.' },
  INVALID_REQUEST: { status: 400, description: 'A field is missing, has the wrong type or an unsupported value.' },
  BODY_TOO_LARGE: { status: 413, description: 'The body (after decompression) is larger than `server.bodyLimit`.' },
  BODY_UNINSPECTABLE: {
    status: 415,
    description: 'The body cannot be inspected (unsupported content-type or content-encoding), so it is refused.',
  },
  ROUTE_NOT_FOUND: { status: 404, description: 'No such endpoint.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The endpoint exists but not for this HTTP method.' },
  MODEL_NOT_FOUND: { status: 404, description: 'The requested model is not configured; the message lists the available ones.' },
  CAPABILITY_UNSUPPORTED: {
    status: 400,
    description: 'The destination behind this model cannot do what was asked (e.g. embeddings, tools).',
  },
  REQUEST_TIMEOUT: { status: 408, description: 'The client did not send its request in time.' },
  RESOURCE_NOT_FOUND: { status: 404, description: 'The key, team or other admin API resource does not exist.' },

  // Who is asking
  UNAUTHENTICATED: { status: 401, description: 'No valid key or token was presented.' },
  FORBIDDEN: { status: 403, description: 'The credentials are valid but not allowed to do this.' },
  AUTH_UNAVAILABLE: {
    status: 503,
    description:
      'The identity provider’s signing keys cannot be fetched, so a token cannot be verified; the request was refused (fail closed).',
  },

  // Policy
  POLICY_BLOCKED: { status: 403, description: 'The policy blocks this request; the message says why.' },
  RETENTION_VIOLATION: {
    status: 403,
    description: 'The request asks the provider to keep data beyond the destination’s declared retention.',
  },
  NO_CLEARED_DESTINATION: {
    status: 503,
    description: 'No destination cleared for this request’s classification is available; it was not sent anywhere else.',
  },
  INSPECTION_FAILED: { status: 500, description: 'Inspection failed, so the request was refused (fail closed).' },
  POLICY_FAILED: { status: 500, description: 'Policy evaluation failed, so the request was refused (fail closed).' },

  // Limits
  RATE_LIMITED: { status: 429, description: 'A request, token or concurrency limit was reached; see retry-after.' },
  BUDGET_EXCEEDED: { status: 429, description: 'A hard spending budget for this period is used up.' },

  // Upstream
  UPSTREAM_TIMEOUT: { status: 504, description: 'The destination did not connect, answer or finish in time.' },
  UPSTREAM_UNAVAILABLE: { status: 502, description: 'The destination could not be reached.' },
  UPSTREAM_ERROR: { status: 502, description: 'The destination failed (5xx or a malformed reply).' },
  UPSTREAM_RATE_LIMITED: { status: 429, description: 'The destination rate-limited the request and retries ran out.' },
  UPSTREAM_REJECTED: { status: 400, description: 'The destination refused the request as invalid (4xx).' },
  UPSTREAM_AUTH_FAILED: { status: 502, description: 'The destination refused Airlock’s credentials (a configuration problem).' },
  UPSTREAM_MODEL_NOT_FOUND: { status: 404, description: 'The destination does not have the configured upstream model.' },
  UPSTREAM_STREAM_ERROR: { status: 502, description: 'The destination’s stream broke off or could not be parsed.' },
  DESTINATION_NOT_READY: { status: 503, description: 'The destination is still loading or failed to load.' },

  // Gateway
  AUDIT_UNAVAILABLE: { status: 503, description: 'The audit log cannot be written, so the request was refused (fail closed).' },
  STORE_UNAVAILABLE: { status: 503, description: 'The key/usage store is unreachable and the config says fail closed.' },
  LIMITS_UNAVAILABLE: { status: 503, description: 'The rate-limit backend is unreachable and the config says fail closed.' },
  SHUTTING_DOWN: { status: 503, description: 'The gateway is draining for shutdown.' },
  CLIENT_DISCONNECTED: {
    status: 499,
    description: 'The client closed the connection before the answer was complete. Never sent; it appears in usage and audit records.',
  },
  INTERNAL: { status: 500, description: 'An unexpected error; details are in the gateway log, never in the response.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
