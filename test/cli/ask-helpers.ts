/**
 * Test support for the developer commands (ask, chat, review): an injectable TerminalIo over
 * in-memory streams, so a test types into stdin and reads what was printed, and loopback
 * upstream handlers that stream an OpenAI answer and record the prompt they were sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { TerminalIo } from '../../src/client/terminal-io.js';
import { createChatChunks, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { startEventStream, writeInPieces, type RecordedRequest } from '../helpers/loopback-server.js';

export interface TestTerminal {
  io: TerminalIo;
  /** What the command printed so far. */
  stdout(): string;
  stderr(): string;
  /** The exit status the command set, if any. */
  exitCode(): number | undefined;
  /** Sends an interrupt the way SIGINT would reach a command whose stdin is a pipe. */
  interrupt(): void;
  /** Resolves when stdout contains `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  stdin: PassThrough & { isTTY?: boolean };
  /** Removes the temporary home directory. */
  cleanup(): void;
}

export interface TestTerminalOptions {
  /** Text piped in (the stream is then ended); omit to leave stdin open for typing. */
  stdin?: string;
  /** Pretend stdin is a terminal (nothing piped). */
  stdinIsTty?: boolean;
  env?: Record<string, string>;
}

export function createTestTerminal(options: TestTerminalOptions = {}): TestTerminal {
  const homeDir = mkdtempSync(path.join(os.tmpdir(), 'airlock-cli-home-'));
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (options.stdinIsTty) stdin.isTTY = true;
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const interruptHandlers = new Set<() => void>();
  let exitCode: number | undefined;
  return {
    io: {
      stdin,
      stdout,
      stderr,
      env: { HOME: homeDir, ...options.env },
      homeDir,
      onInterrupt(handler) {
        interruptHandlers.add(handler);
        return () => interruptHandlers.delete(handler);
      },
      setExitCode(code) {
        exitCode = code;
      },
    },
    stdin,
    stdout: () => out,
    stderr: () => err,
    exitCode: () => exitCode,
    interrupt() {
      for (const handler of interruptHandlers) handler();
    },
    async waitForOutput(text, timeoutMs = 10_000) {
      const started = Date.now();
      while (!out.includes(text)) {
        if (Date.now() - started > timeoutMs)
          throw new Error(`stdout never contained ${JSON.stringify(text)}; it was ${JSON.stringify(out)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    cleanup() {
      rmSync(homeDir, { recursive: true, force: true });
    },
  };
}

/** Streams an OpenAI chat answer made of `pieces`, each arriving in small TCP reads. */
export async function streamChatAnswer(response: ServerResponse, pieces: string[]): Promise<void> {
  startEventStream(response);
  await writeInPieces(response, formatOpenAIStream(createChatChunks({ textPieces: pieces })), { maxPiece: 9 });
  response.end();
}

/** The messages of a recorded chat request. */
export function messagesOf(request: RecordedRequest): { role: string; content: string }[] {
  return (request.body as { messages: { role: string; content: string }[] }).messages;
}
