/** Test support for `airlock setup`: run the real command against a temporary HOME and look at what it left. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from 'citty';
import { createSetupCommand } from '../../src/cli/setup.js';
import { createTestTerminal, type TestTerminal } from '../cli/ask-helpers.js';

export interface SetupRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Runs `airlock setup ...args` with the terminal's HOME and environment. */
export async function runSetupCommand(term: TestTerminal, args: string[]): Promise<SetupRun> {
  const before = { out: term.stdout().length, err: term.stderr().length };
  await runCommand(
    createSetupCommand(() => term.io),
    { rawArgs: args },
  );
  return { exitCode: term.exitCode(), stdout: term.stdout().slice(before.out), stderr: term.stderr().slice(before.err) };
}

/** Every file under `directory`, relative to it, sorted. */
export function listFiles(directory: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(path.relative(directory, full));
    }
  };
  walk(directory);
  return found.sort();
}

/** A terminal whose HOME is empty and whose environment names no gateway. */
export function createSetupTerminal(env: Record<string, string> = {}): TestTerminal {
  return createTestTerminal({ stdinIsTty: true, env });
}

/** A URL on which nothing listens, so setup cannot discover models and falls back to `auto`. */
export const CLOSED_URL = 'http://127.0.0.1:9';

export const TEST_KEY = 'alk_test_0123456789abcdefghijklmnopqrstuv';
