import { SpecialToken, type ChatHistoryItem, type ChatWrapper, type LlamaModel, type LlamaText, type Token } from 'node-llama-cpp';
import type { Message } from '../../canonical/types.js';
import type { GenerationPrompt } from './generation-prompt.js';
import { convertMessageText } from './message-text.js';

/** True when the GGUF file carries its own chat template (`tokenizer.chat_template`). */
export function hasChatTemplate(model: LlamaModel): boolean {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  return typeof template === 'string' && template.trim() !== '';
}

/**
 * Converts canonical messages to node-llama-cpp's chat history. Tool results become user turns:
 * this destination declares no tool support, so they can only come from an earlier turn's history.
 */
export function convertChatHistory(messages: readonly Message[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message, index): ChatHistoryItem => {
    const text = convertMessageText(message, index);
    if (message.role === 'system') return { type: 'system', text };
    if (message.role === 'assistant') return { type: 'model', response: [text] };
    return { type: 'user', text };
  });
  // An empty model turn at the end asks the wrapper to open the assistant's answer.
  history.push({ type: 'model', response: [] });
  return history;
}

/** Renders the conversation with the model's own template through node-llama-cpp's chat wrapper. */
export function buildTemplateChatPrompt(
  model: LlamaModel,
  chatWrapper: ChatWrapper,
  messages: readonly Message[],
  stop: readonly string[],
): GenerationPrompt {
  const state = chatWrapper.generateContextState({ chatHistory: convertChatHistory(messages) });
  const { stopStrings, stopTokens } = convertStopTriggers(model, state.stopGenerationTriggers);
  return {
    tokens: state.contextText.tokenize(model.tokenizer),
    stopStrings: [...stopStrings, ...stop],
    stopTokens,
    trimLeadingWhitespace: false,
  };
}

/**
 * A trigger that is one special token of this vocabulary (end of turn, EOS) becomes a stop token.
 * Any other trigger made of text becomes a stop string: a template marker such as `<|im_end|>`
 * that the vocabulary lacks is generated as plain text, so it is matched as text.
 */
function convertStopTriggers(model: LlamaModel, triggers: readonly LlamaText[]): { stopStrings: string[]; stopTokens: Token[] } {
  const stopStrings: string[] = [];
  const stopTokens: Token[] = [];
  for (const trigger of triggers) {
    const tokens = trigger.tokenize(model.tokenizer);
    const [token] = tokens;
    if (tokens.length === 1 && token !== undefined && model.isSpecialToken(token)) stopTokens.push(token);
    else if (trigger.values.every((value) => !(value instanceof SpecialToken))) {
      const text = trigger.toString();
      if (text !== '') stopStrings.push(text);
    }
  }
  return { stopStrings, stopTokens };
}
