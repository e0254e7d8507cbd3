import { createInterface } from 'node:readline';
import { runChatCommand, type ChatState } from './chat-commands.js';
import type { GatewayClient } from './gateway-client.js';
import { formatGatewayError } from './gateway-error.js';
import { samplingOptions, type SamplingOptions } from './sampling-args.js';
import { streamAnswer } from './stream-answer.js';
import { writeOutput, type TerminalIo } from './terminal-io.js';

export interface ChatSessionOptions {
  client: GatewayClient;
  model: string;
  system?: string | undefined;
  sampling?: SamplingOptions;
  io: TerminalIo;
}

const PROMPT = 'you> ';

/**
 * An interactive session: each line is a turn (or a slash command), answers stream as they
 * arrive, the conversation is resent with every turn. Ctrl-C cancels a streaming answer and
 * keeps the session; on an idle prompt it clears the line, and a second one leaves. Lines typed
 * while an answer streams wait their turn, so piped input works the same as typing.
 */
export async function runChatSession(options: ChatSessionOptions): Promise<number> {
  const { client, io } = options;
  const state: ChatState = {
    model: options.model,
    history: options.system ? [{ role: 'system', content: options.system }] : [],
    last: undefined,
  };
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: io.stdin.isTTY === true, prompt: PROMPT });
  let streaming: AbortController | undefined;
  let armedToLeave = false;
  const onInterrupt = () => {
    if (streaming) return streaming.abort();
    if (armedToLeave) return rl.close();
    armedToLeave = rl.line === '';
    if (io.stdin.isTTY) {
      // Ctrl-E then Ctrl-U: readline's own keys for "end of line" and "delete to its start".
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
    }
    io.stdout.write(armedToLeave ? '\n(press Ctrl-C again or type /exit to leave)\n' : '\n');
    rl.prompt();
  };
  rl.on('SIGINT', onInterrupt);
  const unsubscribe = io.onInterrupt(onInterrupt);
  io.stdout.write(`Airlock chat with ${state.model} via ${client.url}. /help lists the commands.\n`);
  rl.prompt();
  try {
    for await (const line of rl) {
      armedToLeave = false;
      const outcome = await handleLine(line, state, options, (controller) => (streaming = controller));
      streaming = undefined;
      if (outcome === 'exit') break;
      rl.prompt();
    }
  } finally {
    unsubscribe();
    rl.close();
  }
  return 0;
}

async function handleLine(
  line: string,
  state: ChatState,
  options: ChatSessionOptions,
  setStreaming: (controller: AbortController) => void,
): Promise<'exit' | 'continue'> {
  const { client, io } = options;
  const text = line.trim();
  if (text === '') return 'continue';
  if (text.startsWith('/') && !text.startsWith('//')) {
    const result = await runChatCommand(text.slice(1), state, client);
    if (result === 'exit') return 'exit';
    await writeOutput(result.error ? io.stderr : io.stdout, result.output);
    return 'continue';
  }
  const content = text.startsWith('//') ? text.slice(1) : line;
  const controller = new AbortController();
  setStreaming(controller);
  const messages = [...state.history, { role: 'user' as const, content }];
  const request = { model: state.model, messages, ...samplingOptions(options.sampling ?? {}) };
  const outcome = await streamAnswer(client, request, io.stdout, controller.signal);
  state.last = outcome;
  if (outcome.status === 'failed' && outcome.error) {
    // A failed turn is not kept: a blocked prompt resent with every later turn would block them all.
    await writeOutput(io.stderr, formatGatewayError(outcome.error));
    return 'continue';
  }
  if (outcome.status === 'cancelled') {
    await writeOutput(io.stderr, '(cancelled)\n');
    // What the user saw of a cancelled answer stays in the conversation; an empty one does not.
    if (outcome.text === '') return 'continue';
  }
  if (outcome.finishReason === 'length') await writeOutput(io.stderr, '(the answer was cut off at the token limit)\n');
  state.history = [...messages, { role: 'assistant', content: outcome.text }];
  return 'continue';
}
