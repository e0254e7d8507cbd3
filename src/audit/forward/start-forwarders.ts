import type { Logger } from '../../telemetry/logger.js';
import type { ForwarderConfig } from '../audit-schema.js';
import type { AuditWriter } from '../audit-writer.js';
import type { AuditStore } from '../store/audit-store.js';
import { startForwardingLoop, type ForwarderStatus, type ForwardingLoop } from './forwarding-loop.js';
import { createOtlpSender } from './otlp-sender.js';
import type { RecordSender } from './record-sender.js';
import { createSyslogSender } from './syslog-sender.js';
import { createWebhookSender } from './webhook-sender.js';

export interface ForwarderSet {
  statuses(): ForwarderStatus[];
  stop(): Promise<void>;
}

export interface StartForwardersOptions {
  store: AuditStore;
  writer: AuditWriter;
  env: Record<string, string | undefined>;
  logger: Logger;
}

/** The one place forwarder kinds are mapped to their senders. */
export function createRecordSender(config: ForwarderConfig, env: Record<string, string | undefined>, replica: () => string): RecordSender {
  switch (config.kind) {
    case 'syslog':
      return createSyslogSender(config);
    case 'webhook':
      return createWebhookSender(config, env);
    case 'otlp':
      return createOtlpSender(config, env, replica);
  }
}

/** One loop per configured forwarder, woken whenever the writer commits. */
export function startForwarders(configs: readonly ForwarderConfig[], options: StartForwardersOptions): ForwarderSet {
  const replica = (): string => options.writer.replica;
  const loops: ForwardingLoop[] = configs.map((config) =>
    startForwardingLoop({
      name: config.name,
      sender: createRecordSender(config, options.env, replica),
      executor: options.store.executor,
      replica,
      batchSize: config.batchSize,
      maxBackoffMs: config.maxBackoffMs,
      logger: options.logger,
    }),
  );
  const wake = (): void => {
    for (const loop of loops) loop.wake();
  };
  if (loops.length > 0) options.writer.on('committed', wake);
  return {
    statuses: () => loops.map((loop) => loop.status()),
    async stop() {
      options.writer.off('committed', wake);
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
