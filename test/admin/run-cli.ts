import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from 'citty';
import { stringify } from 'yaml';
import { mainCommand } from '../../src/cli/main.js';
import type { ConfigInput } from '../../src/config/schema.js';

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs `airlock <args>` in-process through the real command tree (lazy registration, citty's
 * argument parsing), capturing what it writes to stdout and stderr and the exit status it sets.
 */
export async function runCli(args: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    await runCommand(mainCommand, { rawArgs: args });
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = previousExitCode;
  return { stdout: stdout.join(''), stderr: stderr.join(''), exitCode };
}

/** A temporary folder with a config file, as an operator would have next to a running gateway. */
export interface ConfigFolder {
  directory: string;
  configFile: string;
  remove(): void;
}

export function writeConfigFolder(config: ConfigInput): ConfigFolder {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-cli-'));
  const configFile = path.join(directory, 'airlock.yaml');
  writeFileSync(configFile, stringify({ ...config, dataDir: directory }));
  return { directory, configFile, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
