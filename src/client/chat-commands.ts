import { formatDecision } from './airlock-decision.js';
import type { ChatMessage, GatewayClient } from './gateway-client.js';
import { GatewayError, formatGatewayError } from './gateway-error.js';
import type { AnswerOutcome } from './stream-answer.js';

/** What a chat session remembers between turns. */
export interface ChatState {
  model: string;
  /** The conversation sent with every turn: the system prompt (if any) and completed exchanges. */
  history: ChatMessage[];
  /** The last request's outcome, for `/why`. */
  last: AnswerOutcome | undefined;
}

export const CHAT_HELP = `Commands:
  /why          why the gateway handled the last request as it did (classification, action, rule, route, request id)
  /model NAME   switch to another model (/model alone shows the current one)
  /models       list the models the gateway offers
  /clear        forget the conversation so far
  /exit         leave (Ctrl-D too); Ctrl-C cancels an answer that is streaming
  //text        send a message that starts with "/"
`;

/** What a slash command asks of the session. */
export type CommandResult = { output: string; error?: boolean } | 'exit';

/**
 * Runs one slash command (the line without its leading `/`). Commands only talk to the gateway
 * to list or resolve models; they never send the conversation anywhere.
 */
export async function runChatCommand(line: string, state: ChatState, client: GatewayClient): Promise<CommandResult> {
  const [name = '', ...rest] = line.trim().split(/\s+/);
  const argument = rest.join(' ');
  switch (name) {
    case 'exit':
    case 'quit':
      return 'exit';
    case 'help':
    case '?':
      return { output: CHAT_HELP };
    case 'clear':
      state.history = state.history.filter((message) => message.role === 'system');
      return { output: 'Conversation cleared.\n' };
    case 'why':
      return { output: state.last ? formatDecision(state.last.decision, state.last.status) : 'No request has been sent yet.\n' };
    case 'models':
      return { output: formatModels(await client.listModels(), state.model) };
    case 'model':
      return argument === '' ? { output: `Model: ${state.model}\n` } : switchModel(argument, state, client);
    default:
      return { output: `Unknown command /${name}; /help lists the commands.\n`, error: true };
  }
}

async function switchModel(name: string, state: ChatState, client: GatewayClient): Promise<CommandResult> {
  try {
    // The gateway resolves aliases, so `/model` accepts whatever name a request could use.
    state.model = await client.findModel(name);
  } catch (error) {
    if (error instanceof GatewayError) return { output: formatGatewayError(error), error: true };
    throw error;
  }
  return { output: `Model: ${state.model}\n` };
}

function formatModels(models: readonly string[], current: string): string {
  if (models.length === 0) return 'The gateway lists no models.\n';
  const rows = models.map((model) => `${model === current ? '*' : ' '} ${model}\n`);
  if (!models.includes(current)) rows.push(`(current: ${current})\n`);
  return rows.join('');
}
