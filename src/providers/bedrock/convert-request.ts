import type { ChatRequest, CompletionRequest, Message, ToolChoice } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { convertMessages } from './convert-messages.js';

/**
 * Builds a Converse (or ConverseStream: the body is the same) request body. The model goes in
 * the URL. Not translated, because Converse has no common field for them: top-k, seed, presence
 * and frequency penalties, JSON mode and `user`. Converse has no "no tool" choice either: with
 * `toolChoice: none` the tools are still declared (a history with tool calls needs them) and the
 * model decides.
 */
export function convertChatRequest(request: ChatRequest): Record<string, unknown> {
  const { system, messages } = convertMessages(request.messages);
  const inferenceConfig = {
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    stopSequences: request.stop?.length ? request.stop : undefined,
  };
  return {
    messages,
    system: system.length > 0 ? system : undefined,
    inferenceConfig: Object.values(inferenceConfig).some((value) => value !== undefined) ? inferenceConfig : undefined,
    toolConfig: convertToolConfig(request),
  };
}

/** A plain completion is one user turn; a suffix (fill-in-the-middle) cannot be honoured, so it is refused. */
export function convertCompletionRequest(request: CompletionRequest): Record<string, unknown> {
  if (request.suffix !== undefined) {
    throw new AirlockError('CAPABILITY_UNSUPPORTED', 'This destination cannot do fill-in-the-middle completions.', { param: 'suffix' });
  }
  const message: Message = { role: 'user', content: [{ type: 'text', text: request.prompt }] };
  const { prompt: _prompt, suffix: _suffix, echo: _echo, ...options } = request;
  return convertChatRequest({ ...options, messages: [message] });
}

function convertToolConfig(request: ChatRequest): Record<string, unknown> | undefined {
  if (!request.tools?.length) return undefined;
  const tools = request.tools.map((tool) => ({
    toolSpec: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), inputSchema: { json: tool.parameters } },
  }));
  const toolChoice = convertToolChoice(request.toolChoice);
  return { tools, ...(toolChoice ? { toolChoice } : {}) };
}

function convertToolChoice(choice: ToolChoice | undefined): Record<string, unknown> | undefined {
  if (choice === undefined || choice === 'none') return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  return { tool: { name: choice.name } };
}
