import { defineCommand } from 'citty';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../telemetry/logger.js';
import { startGateway } from '../server/start-gateway.js';
import { parsePort, reportConfigError, storeArgs } from './shared-args.js';

export const serveCommand = defineCommand({
  meta: { name: 'serve', description: 'Run the gateway (embedded defaults when no config is given).' },
  args: {
    ...storeArgs,
    host: { type: 'string', description: 'Address to bind (default 127.0.0.1)' },
    port: { type: 'string', description: 'Port to listen on (default 8080; 0 picks a free one)' },
    'ollama-port': { type: 'string', description: 'Port of the Ollama-compatible API (default 11434 when free; 0 turns it off)' },
  },
  async run({ args }) {
    let loaded;
    try {
      loaded = loadConfig({
        ...(args.config ? { file: args.config } : {}),
        overrides: {
          ...(args.host ? { host: args.host } : {}),
          ...(args.port ? { port: parsePort(args.port) } : {}),
          ...(args['ollama-port'] ? { ollamaPort: parsePort(args['ollama-port']) } : {}),
          ...(args['data-dir'] ? { dataDir: args['data-dir'] } : {}),
        },
      });
    } catch (error) {
      reportConfigError(error);
      return;
    }
    const logger = createLogger(loaded.config.log.level);
    let running;
    try {
      running = await startGateway({ loaded, logger });
    } catch (error) {
      process.stderr.write(`${describeStartFailure(error, loaded.config.server)}\n`);
      process.exitCode = 1;
      return;
    }
    logger.info({ url: running.url, ollamaUrl: running.ollamaUrl, config: loaded.source, dataDir: loaded.dataDir }, 'airlock listening');
    process.stderr.write(`Airlock listening on ${running.url} (config: ${loaded.source})\n`);
    if (running.ollamaUrl) process.stderr.write(`Ollama API on ${running.ollamaUrl}\n`);
    else if (loaded.config.server.ollama !== false) {
      process.stderr.write('Ollama API not started: its port is in use (is Ollama running?). Choose one with --ollama-port.\n');
    }
    const shutdown = (signal: string): void => {
      logger.info({ signal }, 'draining in-flight requests');
      running.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  },
});

/** A start failure in words an operator can act on. */
function describeStartFailure(error: unknown, server: { host: string; port: number }): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE')
    return `Cannot listen on ${server.host}:${server.port}: the port is in use. Choose another with --port N (or server.port).`;
  if (code === 'EACCES')
    return `Cannot listen on ${server.host}:${server.port}: permission denied (ports below 1024 need privileges). Choose another with --port N.`;
  if (code === 'EADDRNOTAVAIL') return `Cannot listen on ${server.host}: no such address on this machine. Check --host (or server.host).`;
  return error instanceof Error ? error.message : String(error);
}
