import type { ChatRequest } from '../canonical/types.js';
import { AirlockError } from '../errors/airlock-error.js';
import type { Provider } from '../providers/types.js';
import type { Candidate } from './dispatch.js';
import type { GatewayReply, Operation } from './operation.js';
import type { RequestContext } from './request-context.js';
import { openStream } from './open-stream.js';

/** Sends the operation to one candidate, adapting it to what the destination can do. */
export async function callCandidate(candidate: Candidate, operation: Operation, context: RequestContext): Promise<GatewayReply['result']> {
  const { provider, model } = candidate;
  const options = { signal: context.signal, requestId: context.id };
  switch (operation.kind) {
    case 'chat': {
      const request = adaptChatRequest(provider, { ...operation.request, model: model.upstream });
      if (operation.stream) return { type: 'stream', events: await openStream(provider.chatStream(request, options)) };
      return { type: 'generate', response: await provider.chat(request, options) };
    }
    case 'completion': {
      const request = { ...operation.request, model: model.upstream };
      if (!provider.complete || !provider.completeStream || !provider.capabilities.completion) {
        throw unsupported(provider, 'text completions');
      }
      if (operation.stream) return { type: 'stream', events: await openStream(provider.completeStream(request, options)) };
      return { type: 'generate', response: await provider.complete(request, options) };
    }
    case 'embedding': {
      if (!provider.embed || !provider.capabilities.embeddings) throw unsupported(provider, 'embeddings');
      return { type: 'embedding', response: await provider.embed({ ...operation.request, model: model.upstream }, options) };
    }
    case 'count-tokens':
      // handleRequest answers counts itself; reaching a destination would be a bug.
      throw new AirlockError('INTERNAL', 'A token count is never sent to a destination.');
  }
}

/**
 * A destination without tool support can still answer a conversation that merely offers tools;
 * it cannot honour a request that requires a tool call.
 */
function adaptChatRequest(provider: Provider, request: ChatRequest): ChatRequest {
  if (provider.capabilities.tools || !request.tools?.length) return request;
  if (request.toolChoice === 'required' || typeof request.toolChoice === 'object') throw unsupported(provider, 'required tool calls');
  const { tools: _tools, toolChoice: _toolChoice, parallelToolCalls: _parallel, ...rest } = request;
  return rest;
}

function unsupported(provider: Provider, what: string): AirlockError {
  return new AirlockError('CAPABILITY_UNSUPPORTED', `Destination "${provider.id}" does not support ${what}.`);
}
