import os from 'node:os';

/** A readable the commands read from; `isTTY` tells an interactive terminal from a pipe. */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };
/** A writable the commands print to. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Everything the developer commands touch outside themselves, so tests can drive them through
 * streams: the process gives its own, a test gives PassThroughs and a temporary home.
 */
export interface TerminalIo {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /**
   * Calls `handler` on an interrupt that does not arrive as a keypress (SIGINT to the process when
   * stdin is a pipe); readline reports Ctrl-C itself when stdin is a terminal. Returns an unsubscribe.
   */
  onInterrupt(handler: () => void): () => void;
  /** Records the command's exit status (the process's `exitCode`; a test reads it back). */
  setExitCode(code: number): void;
}

/** The real process's streams, environment and home directory. */
export function createProcessIo(): TerminalIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    homeDir: os.homedir(),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
    setExitCode(code) {
      process.exitCode = code;
    },
  };
}

/** Writes text and waits for the stream to drain when its buffer is full (a slow pipe). */
export async function writeOutput(stream: OutputStream, text: string): Promise<void> {
  if (text === '' || stream.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

/** Reads a whole input stream as UTF-8, refusing more than `maxBytes`. */
export async function readAll(stream: InputStream, maxBytes: number): Promise<string> {
  return (await readIfPiped(stream, maxBytes)) ?? '';
}

/**
 * Reads a stream to its end (at most `maxBytes`). With `waitMs`, if nothing at all arrives within
 * it, it stops reading and resolves `undefined`: for stdin that is only extra context, a pipe
 * inherited from a parent that never writes to it or closes it (some IDEs, CI runners,
 * `child_process` defaults) must not hang the command. Once a first byte has come, it reads to
 * the end.
 */
export function readIfPiped(stream: InputStream, maxBytes: number, waitMs?: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: string | undefined, error?: unknown): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      clearTimeout(timer);
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        finish(undefined, new UsageError(`Standard input is larger than ${formatBytes(maxBytes)}.`));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks).toString('utf8'));
    const onError = (error: unknown): void => finish(undefined, error);
    const timer =
      waitMs === undefined
        ? undefined
        : setTimeout(() => {
            if (size > 0) return;
            stream.pause();
            // process.stdin keeps the process alive while it is being read: let it go.
            (stream as NodeJS.ReadableStream & { unref?: () => void }).unref?.();
            finish(undefined);
          }, waitMs);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** A mistake in how the command was called (exit status 2), as opposed to a failed request (1). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
