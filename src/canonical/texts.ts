import type { ChatRequest, CompletionRequest, ContentPart, EmbeddingRequest, Message } from './types.js';

/** Where a text sits in a canonical request; the same walk finds it for inspection and redaction. */
export type TextRole = 'system' | 'user' | 'assistant' | 'tool-arguments' | 'tool-result' | 'tool-definition' | 'prompt';

export interface TextTarget {
  text: string;
  role: TextRole;
  /** A stable path such as `messages[2].content[0]` (never includes the text). */
  path: string;
}

export type AnyRequest = ChatRequest | CompletionRequest | EmbeddingRequest;

function partRole(message: Message, part: ContentPart): TextRole {
  if (part.type === 'tool-call') return 'tool-arguments';
  if (part.type === 'tool-result') return 'tool-result';
  return message.role === 'tool' ? 'tool-result' : message.role;
}

/** Stop sequences leave the gateway too, so they are walked like any other text. */
function mapStop(stop: string[] | undefined, transform: (text: string, role: TextRole, path: string) => string): string[] | undefined {
  if (!stop?.length) return undefined;
  const mapped = stop.map((text, index) => transform(text, 'user', `stop[${index}]`));
  return mapped.every((text, index) => text === stop[index]) ? stop : mapped;
}

/** Every text in the request a detector must see, in a fixed order. */
export function listTexts(request: AnyRequest): TextTarget[] {
  const targets: TextTarget[] = [];
  mapTexts(request, (text, role, path) => {
    targets.push({ text, role, path });
    return text;
  });
  return targets;
}

/**
 * Rebuilds the request with each text replaced by `transform` (identity keeps the object).
 * Covers message text, tool-call arguments, tool results, tool definitions, prompts and suffixes,
 * and embedding inputs: anything that leaves the gateway as text.
 */
export function mapTexts<T extends AnyRequest>(request: T, transform: (text: string, role: TextRole, path: string) => string): T {
  if ('messages' in request) {
    const messages = request.messages.map((message, messageIndex) => {
      const content = message.content.map((part, partIndex): ContentPart => {
        const path = `messages[${messageIndex}].content[${partIndex}]`;
        const role = partRole(message, part);
        switch (part.type) {
          case 'text': {
            const text = transform(part.text, role, path);
            return text === part.text ? part : { ...part, text };
          }
          case 'tool-call': {
            const text = transform(part.arguments, role, `${path}.arguments`);
            return text === part.arguments ? part : { ...part, arguments: text };
          }
          case 'tool-result': {
            const text = transform(part.content, role, path);
            return text === part.content ? part : { ...part, content: text };
          }
          case 'image':
            return part;
        }
      });
      return content.every((part, index) => part === message.content[index]) ? message : { ...message, content };
    });
    const tools = request.tools?.map((tool, index) => {
      if (tool.description === undefined) return tool;
      const description = transform(tool.description, 'tool-definition', `tools[${index}].description`);
      return description === tool.description ? tool : { ...tool, description };
    });
    const stop = mapStop(request.stop, transform);
    return { ...request, messages, ...(tools ? { tools } : {}), ...(stop ? { stop } : {}) };
  }
  if ('prompt' in request) {
    const prompt = transform(request.prompt, 'prompt', 'prompt');
    const suffix = request.suffix === undefined ? undefined : transform(request.suffix, 'prompt', 'suffix');
    const stop = mapStop(request.stop, transform);
    return { ...request, prompt, ...(suffix === undefined ? {} : { suffix }), ...(stop ? { stop } : {}) };
  }
  const input = request.input.map((text, index) => transform(text, 'user', `input[${index}]`));
  return { ...request, input };
}
