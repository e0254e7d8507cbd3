import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defineCommand } from 'citty';
import { formatDecision } from '../client/airlock-decision.js';
import { chooseDefaultModel } from '../client/choose-model.js';
import { gatewayArgs, resolveClientSettings, type GatewayFlags } from '../client/client-settings.js';
import { createGatewayClient, type GatewayClient } from '../client/gateway-client.js';
import { formatGatewayError } from '../client/gateway-error.js';
import { REVIEW_SYSTEM_PROMPT, buildReviewMessage } from '../client/review-prompt.js';
import { EXIT, runClientCommand } from '../client/run-client-command.js';
import { parseSamplingArgs, samplingArgs, samplingOptions, type SamplingOptions } from '../client/sampling-args.js';
import { chunkDiff, parseDiff, type DiffChunk } from '../client/split-diff.js';
import { streamAnswer } from '../client/stream-answer.js';
import { UsageError, createProcessIo, formatBytes, readAll, writeOutput, type TerminalIo } from '../client/terminal-io.js';

export interface ReviewOptions extends GatewayFlags, SamplingOptions {
  /** A diff file instead of stdin. */
  file?: string | undefined;
  cwd: string;
  /** Largest part sent in one request (bytes of diff). */
  chunkBytes?: number | undefined;
  /** Larger diffs are refused rather than reviewed in dozens of parts. */
  maxBytes?: number | undefined;
  why?: boolean | undefined;
}

export const DEFAULT_CHUNK_BYTES = 48 * 1024;
export const DEFAULT_MAX_BYTES = 512 * 1024;
/** Read at most this much, so an accidental `cat huge.log |` fails fast with the size message. */
const READ_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * `git diff | airlock review`: a code review of a diff, streamed. A diff larger than one request
 * is split by file (then hunk) into parts reviewed one after another; above `maxBytes` it is
 * refused with a hint on narrowing it. Lockfiles and binary changes are left out.
 */
export async function runReview(options: ReviewOptions, io: TerminalIo): Promise<number> {
  const settings = resolveClientSettings(options, io);
  for (const warning of settings.warnings) io.stderr.write(`airlock: ${warning}\n`);
  const diff = await readDiff(options, io);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const files = parseDiff(diff);
  if (diff.trim() === '') throw new UsageError('The diff is empty: nothing to review.');
  if (files.length === 0) throw new UsageError('The input does not look like a unified diff (git diff, diff -u).');
  const skipped = files.filter((file) => file.skipped);
  for (const file of skipped) io.stderr.write(`airlock: skipping ${file.path} (${file.skipped})\n`);
  const chunks = chunkDiff(files, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const size = chunks.reduce((total, chunk) => total + Buffer.byteLength(chunk.text), 0);
  if (chunks.length === 0) throw new UsageError('Only lockfiles or binary files changed: nothing to review.');
  if (size > maxBytes) {
    throw new UsageError(
      `The diff is ${formatBytes(size)} in ${files.length - skipped.length} files, more than the ${formatBytes(maxBytes)} airlock review takes. ` +
        'Review it in parts (e.g. git diff -- src/ | airlock review) or raise --max-bytes.',
    );
  }
  const client = createGatewayClient(settings);
  try {
    const model = settings.model ?? (await chooseDefaultModel(client));
    return await reviewChunks(client, model, chunks, options, io);
  } finally {
    await client.close();
  }
}

async function reviewChunks(
  client: GatewayClient,
  model: string,
  chunks: DiffChunk[],
  options: ReviewOptions,
  io: TerminalIo,
): Promise<number> {
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt(() => controller.abort());
  try {
    for (const [index, chunk] of chunks.entries()) {
      if (chunks.length > 1)
        await writeOutput(
          io.stdout,
          `${index === 0 ? '' : '\n'}── Part ${index + 1} of ${chunks.length}: ${chunk.paths.join(', ')} ──\n\n`,
        );
      const messages = [
        { role: 'system' as const, content: REVIEW_SYSTEM_PROMPT },
        { role: 'user' as const, content: buildReviewMessage(chunk, index + 1, chunks.length) },
      ];
      const outcome = await streamAnswer(client, { model, messages, ...samplingOptions(options) }, io.stdout, controller.signal);
      if (options.why) io.stderr.write(formatDecision(outcome.decision, outcome.status));
      if (outcome.status === 'cancelled') {
        io.stderr.write('airlock: cancelled\n');
        return EXIT.interrupted;
      }
      if (outcome.error) {
        io.stderr.write(formatGatewayError(outcome.error));
        return EXIT.failed;
      }
    }
    return EXIT.ok;
  } finally {
    unsubscribe();
  }
}

async function readDiff(options: ReviewOptions, io: TerminalIo): Promise<string> {
  if (options.file) {
    try {
      return await readFile(path.resolve(options.cwd, options.file), 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (io.stdin.isTTY) throw new UsageError('Pipe a diff in, e.g.: git diff | airlock review   (or: airlock review changes.diff)');
  return readAll(io.stdin, READ_LIMIT_BYTES);
}

function parseSize(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*(k|kb|kib|m|mb|mib)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a size such as 65536, 64k or 1m (got "${text}").`);
  const unit = match[2]?.[0]?.toLowerCase();
  const value = Number(match[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
  if (value < 1024) throw new UsageError(`${flag} must be at least 1k.`);
  return value;
}

/** The command, with its IO injectable so tests drive it through streams. */
export function createReviewCommand(getIo: () => TerminalIo = createProcessIo) {
  return defineCommand({
    meta: { name: 'review', description: 'Review a diff through the gateway: git diff | airlock review [--model M]' },
    args: {
      ...gatewayArgs,
      file: { type: 'positional', required: false, description: 'A diff file (default: stdin)' },
      'chunk-bytes': { type: 'string', description: `Largest part reviewed in one request (default ${DEFAULT_CHUNK_BYTES / 1024}k)` },
      'max-bytes': { type: 'string', description: `Refuse larger diffs (default ${DEFAULT_MAX_BYTES / 1024}k)` },
      ...samplingArgs,
      why: { type: 'boolean', description: "Print the gateway's decision for each part to stderr" },
    },
    async run({ args }) {
      const io = getIo();
      await runClientCommand(io, () => {
        const options: ReviewOptions = {
          url: args.url,
          key: args.key,
          model: args.model,
          file: args.file,
          cwd: process.cwd(),
          chunkBytes: parseSize(args['chunk-bytes'], '--chunk-bytes'),
          maxBytes: parseSize(args['max-bytes'], '--max-bytes'),
          why: args.why,
          ...parseSamplingArgs(args),
        };
        return runReview(options, io);
      });
    },
  });
}

export const reviewCommand = createReviewCommand();
