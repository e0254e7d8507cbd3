import type { Message } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';

/**
 * The text of one message for a model without tool or image support. Tool calls and tool results
 * from earlier turns are kept as plain text so the model still sees the conversation; images
 * cannot be shown to a text-only model, so they are refused rather than silently dropped.
 */
export function convertMessageText(message: Message, messageIndex: number): string {
  const texts: string[] = [];
  for (const part of message.content) {
    switch (part.type) {
      case 'text':
        texts.push(part.text);
        break;
      case 'tool-call':
        texts.push(`${part.name}(${part.arguments})`);
        break;
      case 'tool-result':
        texts.push(part.content);
        break;
      case 'image':
        throw new AirlockError('CAPABILITY_UNSUPPORTED', 'The embedded model cannot read images.', {
          param: `messages[${messageIndex}].content`,
        });
    }
  }
  return texts.join('\n');
}
