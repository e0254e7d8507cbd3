// Child processes for the benchmark: start, wait for a port or URL, measure RSS, stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): BenchProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) process.stderr.write(`[${name}] exited with ${code}\n${errors}\n`);
  });
  return {
    name,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/** The first line the process prints on stdout (our helpers print their port). */
export async function readFirstLine(process: BenchProcess): Promise<string> {
  const stdout = process.child.stdout;
  if (!stdout) throw new Error(`${process.name} has no stdout`);
  let text = '';
  for await (const chunk of stdout) {
    text += (chunk as Buffer).toString();
    const newline = text.indexOf('\n');
    if (newline !== -1) {
      stdout.resume();
      return text.slice(0, newline).trim();
    }
  }
  throw new Error(`${process.name} ended before printing a line`);
}

export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls a URL until it answers with one of the statuses (anything < 500 by default). */
export async function waitForUrl(
  url: string,
  timeoutMs = 30_000,
  ok: (status: number) => boolean = (status) => status < 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (ok(response.status)) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resident set size in MiB, from /proc (Linux). */
export function readRssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, all threads) a process has used so far, in microseconds (Linux). */
export function readCpuMicros(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : readStatCpuMicros(`/proc/${pid}/stat`);
}

/** CPU time from a /proc `stat` file (a process's, or one thread's under `task/`), in microseconds. */
export function readStatCpuMicros(file: string): number | undefined {
  try {
    const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10_000 : undefined;
  } catch {
    return undefined;
  }
}
