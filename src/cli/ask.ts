import { defineCommand } from 'citty';
import { buildPrompt, readAttachments, type Attachment } from '../client/attach-files.js';
import { formatDecision } from '../client/airlock-decision.js';
import { chooseDefaultModel } from '../client/choose-model.js';
import { gatewayArgs, resolveClientSettings, type GatewayFlags } from '../client/client-settings.js';
import { createGatewayClient, type ChatMessage } from '../client/gateway-client.js';
import { formatGatewayError } from '../client/gateway-error.js';
import { EXIT, runClientCommand } from '../client/run-client-command.js';
import { parseSamplingArgs, samplingArgs, samplingOptions } from '../client/sampling-args.js';
import { streamAnswer } from '../client/stream-answer.js';
import { UsageError, createProcessIo, readAll, readIfPiped, type TerminalIo } from '../client/terminal-io.js';

export interface AskOptions extends GatewayFlags {
  question: string | undefined;
  files: readonly string[];
  system?: string | undefined;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  /** Print the gateway's decision to stderr after the answer. */
  why?: boolean | undefined;
  /**
   * Piped stdin: `true` waits for it, `false` never reads it; unset, with a question given it is
   * attached if something arrives within STDIN_WAIT_MS (without a question it is the question).
   */
  stdin?: boolean | undefined;
  cwd: string;
}

const MAX_STDIN_BYTES = 4 * 1024 * 1024;
/** With a question given, how long stdin may stay silent before it is taken to carry nothing. */
const STDIN_WAIT_MS = 2_000;

/**
 * `airlock ask "question" [FILE ...]`: one question, the answer streamed to stdout as it arrives.
 * Files and piped stdin are attached as fenced blocks; piped stdin alone is the question.
 */
export async function runAsk(options: AskOptions, io: TerminalIo): Promise<number> {
  const settings = resolveClientSettings(options, io);
  for (const warning of settings.warnings) io.stderr.write(`airlock: ${warning}\n`);
  const attachments: Attachment[] = await readAttachments(options.files, options.cwd);
  let question = options.question?.trim() ?? '';
  if (!io.stdin.isTTY && options.stdin !== false) {
    const piped =
      question === '' || options.stdin === true
        ? await readAll(io.stdin, MAX_STDIN_BYTES)
        : await readIfPiped(io.stdin, MAX_STDIN_BYTES, STDIN_WAIT_MS);
    if (piped === undefined) {
      io.stderr.write(
        `airlock: nothing arrived on stdin within ${STDIN_WAIT_MS / 1000} s, so none is attached (--stdin waits for it, --no-stdin skips it)\n`,
      );
    } else if (piped.trim() !== '') {
      if (question === '') question = piped;
      else attachments.unshift({ name: undefined, content: piped });
    }
  }
  if (question === '') throw new UsageError('Nothing to ask. Usage: airlock ask "question" [FILE ...]  (or pipe text in)');
  const messages: ChatMessage[] = [];
  if (options.system) messages.push({ role: 'system', content: options.system });
  messages.push({ role: 'user', content: buildPrompt(question, attachments) });
  const client = createGatewayClient(settings);
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt(() => controller.abort());
  let outcome;
  try {
    const model = settings.model ?? (await chooseDefaultModel(client));
    outcome = await streamAnswer(client, { model, messages, ...samplingOptions(options) }, io.stdout, controller.signal);
  } finally {
    unsubscribe();
    await client.close();
  }
  if (options.why) io.stderr.write(formatDecision(outcome.decision, outcome.status));
  if (outcome.status === 'cancelled') {
    io.stderr.write('airlock: cancelled\n');
    return EXIT.interrupted;
  }
  if (outcome.error) {
    io.stderr.write(formatGatewayError(outcome.error));
    return EXIT.failed;
  }
  if (outcome.finishReason === 'length') io.stderr.write('airlock: the answer was cut off at the token limit\n');
  return EXIT.ok;
}

/** The command, with its IO injectable so tests drive it through streams. */
export function createAskCommand(getIo: () => TerminalIo = createProcessIo) {
  return defineCommand({
    meta: { name: 'ask', description: 'Ask one question through the gateway and stream the answer; files and piped stdin are attached.' },
    args: {
      ...gatewayArgs,
      question: { type: 'positional', required: false, description: 'The question (quote it); more positionals are files to attach' },
      system: { type: 'string', description: 'A system prompt' },
      ...samplingArgs,
      why: { type: 'boolean', description: "Print the gateway's decision (classification, action, rule, route) to stderr" },
      stdin: {
        type: 'boolean',
        description:
          'Wait for piped stdin even with a question given (--no-stdin: never read it); by default it is attached if it arrives within 2 s',
      },
    },
    async run({ args }) {
      const io = getIo();
      await runClientCommand(io, () => {
        const options: AskOptions = {
          url: args.url,
          key: args.key,
          model: args.model,
          question: args.question,
          files: args._.slice(1),
          system: args.system,
          why: args.why,
          stdin: args.stdin,
          cwd: process.cwd(),
          ...parseSamplingArgs(args),
        };
        return runAsk(options, io);
      });
    },
  });
}

export const askCommand = createAskCommand();
