import type { GenerateResponse, StreamEvent } from '../../canonical/types.js';

/** Runs a generation stream to its end and assembles the non-streaming response. */
export async function collectGeneration(events: AsyncIterable<StreamEvent>, model: string): Promise<GenerateResponse> {
  const response: GenerateResponse = { model, text: '', toolCalls: [], finishReason: 'other' };
  const texts: string[] = [];
  for await (const event of events) {
    if (event.type === 'text-delta') texts.push(event.text);
    else if (event.type === 'finish') {
      response.finishReason = event.finishReason;
      if (event.usage) response.usage = event.usage;
      if (event.model) response.model = event.model;
    }
  }
  response.text = texts.join('');
  return response;
}
