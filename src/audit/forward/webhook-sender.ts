import { request } from 'undici';
import type { WebhookForwarderConfig } from '../audit-schema.js';
import type { RecordSender } from './record-sender.js';

/**
 * POSTs a batch as `{"records": [...]}` (application/json). Any 2xx is delivery; anything else,
 * or no answer within timeoutMs, is a failure the loop retries. The Authorization header comes
 * from the environment variable the config names, never from the file.
 */
export function createWebhookSender(config: WebhookForwarderConfig, env: Record<string, string | undefined>): RecordSender {
  const authorization = config.authorizationEnv ? env[config.authorizationEnv] : undefined;
  if (config.authorizationEnv && !authorization)
    throw new Error(`The audit webhook "${config.name}" needs ${config.authorizationEnv}, which is not set.`);
  const headers: Record<string, string> = {
    ...config.headers,
    'content-type': 'application/json',
    'user-agent': 'airlock-audit',
    ...(authorization ? { authorization } : {}),
  };
  return {
    async send(records) {
      const response = await request(config.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ records }),
        headersTimeout: config.timeoutMs,
        bodyTimeout: config.timeoutMs,
      });
      await response.body.dump();
      if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`webhook answered HTTP ${response.statusCode}`);
    },
    async close() {},
  };
}
