import type { ChatRequest, CompletionRequest, EmbeddingRequest, GenerationOptions, ToolDefinition } from '../../canonical/types.js';
import type { OllamaChatBody, OllamaEmbedBody, OllamaGenerateBody, OllamaOptions, OllamaTool } from './ollama-wire.js';
import { convertMessages } from './convert-messages.js';

/** Canonical sampling options to Ollama's `options`; undefined when nothing is set (the Modelfile decides). */
export function convertOptions(request: GenerationOptions): OllamaOptions | undefined {
  const options: OllamaOptions = {};
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topP !== undefined) options.top_p = request.topP;
  if (request.topK !== undefined) options.top_k = request.topK;
  if (request.stop !== undefined && request.stop.length > 0) options.stop = request.stop;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.presencePenalty !== undefined) options.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) options.frequency_penalty = request.frequencyPenalty;
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * `/api/chat` body. Ollama has no tool_choice: `none` sends no tools, a named choice sends only
 * that tool, `required` cannot be enforced and sends them all. `keep_alive` is left to the server.
 */
export function convertChatRequest(request: ChatRequest, stream: boolean): OllamaChatBody {
  const body: OllamaChatBody = { model: request.model, messages: convertMessages(request.messages), stream };
  const tools = selectTools(request);
  if (tools.length > 0) body.tools = tools.map(convertTool);
  const format = request.responseFormat;
  if (format?.type === 'json_object') body.format = 'json';
  else if (format?.type === 'json_schema') body.format = format.schema;
  const options = convertOptions(request);
  if (options) body.options = options;
  return body;
}

/**
 * `/api/generate` body. A suffix asks for fill-in-the-middle through the model's template; without
 * one the prompt is sent `raw` so it is continued as written rather than wrapped as a chat turn.
 */
export function convertGenerateRequest(request: CompletionRequest, stream: boolean): OllamaGenerateBody {
  const body: OllamaGenerateBody = { model: request.model, prompt: request.prompt, stream };
  if (request.suffix !== undefined) body.suffix = request.suffix;
  else body.raw = true;
  const options = convertOptions(request);
  if (options) body.options = options;
  return body;
}

export function convertEmbedRequest(request: EmbeddingRequest): OllamaEmbedBody {
  const body: OllamaEmbedBody = { model: request.model, input: request.input };
  if (request.dimensions !== undefined) body.dimensions = request.dimensions;
  return body;
}

function selectTools(request: ChatRequest): ToolDefinition[] {
  const tools = request.tools ?? [];
  const choice = request.toolChoice;
  if (choice === 'none') return [];
  if (typeof choice === 'object') return tools.filter((tool) => tool.name === choice.name);
  return tools;
}

function convertTool(tool: ToolDefinition): OllamaTool {
  const definition: OllamaTool['function'] = { name: tool.name, parameters: tool.parameters };
  if (tool.description !== undefined) definition.description = tool.description;
  return { type: 'function', function: definition };
}
