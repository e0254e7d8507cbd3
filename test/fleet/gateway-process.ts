/**
 * A real gateway process for the fleet test: `node --import tsx test/fleet/run-airlock.ts serve`
 * with a config file, listening on an ephemeral port it reports on stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LISTENING = /Airlock listening on (http:\/\/\S+)/;

export interface GatewayProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** The last lines it wrote to stderr (for failure messages). */
  readonly errors: string;
  stop(): Promise<void>;
}

/** Each replica has its own data directory (replicas share nothing but PostgreSQL and Redis). */
export async function startGatewayProcess(
  name: string,
  configFile: string,
  dataDir: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<GatewayProcess> {
  const args = [path.join(ROOT, 'test/fleet/run-airlock.ts'), 'serve', '--config', configFile, '--data-dir', dataDir];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, AIRLOCK_CONFIG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${errors}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-8_000);
      const match = LISTENING.exec(errors);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${errors}`));
    });
  });
  return {
    name,
    url,
    child,
    get errors() {
      return errors;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
