import type { CompletionRequest, GenerateResponse, StreamEvent } from '../../canonical/types.js';
import type { DestinationConfig } from '../../config/schema.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendUpstream, type UpstreamCall } from '../http/send-upstream.js';
import { createUpstreamClient, type UpstreamResponse } from '../http/upstream-client.js';
import type { ProviderContext } from '../registry.js';
import type { Provider } from '../types.js';
import { convertChatRequest, convertCompletionRequest } from './convert-request.js';
import { convertConverseResponse } from './convert-response.js';
import { createErrorConverter } from './parse-error.js';
import { createAwsCredentialSource, type AwsCredentials } from './read-aws-credentials.js';
import { readConverseStream } from './read-converse-stream.js';
import { createRequestSigner } from './sign-request.js';

type BedrockConfig = Extract<DestinationConfig, { kind: 'bedrock' }>;

/**
 * A destination on AWS Bedrock through the Converse and ConverseStream APIs
 * (`POST /model/{modelId}/converse` and `/converse-stream`), SigV4-signed with credentials from
 * the standard AWS environment variables or shared credentials file. The model is the Bedrock
 * model id or inference profile (e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`, or an ARN).
 *
 * Chat and plain completions (as one user turn); no fill-in-the-middle and no embeddings
 * (Converse has neither).
 */
export function createBedrockProvider(id: string, config: BedrockConfig, context: ProviderContext): Provider {
  // Every credential value ever used is scrubbed from upstream messages, refreshed ones included.
  const secrets: string[] = [];
  const remember = (credentials: AwsCredentials): void => {
    secrets.push(credentials.secretAccessKey, credentials.sessionToken ?? '', credentials.accessKeyId);
  };
  const credentials = createAwsCredentialSource(id, config.profile, context.env, remember);
  remember(credentials.current());
  const baseUrl = new URL(config.endpoint ?? `https://bedrock-runtime.${config.region}.amazonaws.com`);
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
  const client = createUpstreamClient({ baseUrl: baseUrl.href, timeouts: config.timeouts, name: id });
  const signer = createRequestSigner({ region: config.region, service: 'bedrock', credentials: () => credentials.current() });
  const call: UpstreamCall = { client, name: id, convertError: createErrorConverter(id, secrets) };

  /** Signs exactly the bytes and URL that are sent. */
  async function post(
    model: string,
    operation: 'converse' | 'converse-stream',
    body: unknown,
    signal: AbortSignal,
  ): Promise<UpstreamResponse> {
    const path = `model/${encodeModelId(model)}/${operation}`;
    const text = JSON.stringify(body);
    const headers = await signer.sign({
      method: 'POST',
      url: new URL(path, baseUrl),
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    return sendUpstream(call, { method: 'POST', path, body: text, headers, signal });
  }

  async function converse(body: unknown, model: string, signal: AbortSignal): Promise<GenerateResponse> {
    const response = await post(model, 'converse', body, signal);
    return convertConverseResponse(await readJsonBody(response, id, signal), model, id);
  }

  /** `echoed` is yielded first, once the destination accepted the request (so a refusal stays retryable). */
  async function* converseStream(body: unknown, model: string, signal: AbortSignal, echoed = ''): AsyncGenerator<StreamEvent> {
    const response = await post(model, 'converse-stream', body, signal);
    if (echoed !== '') yield { type: 'text-delta', text: echoed };
    yield* readConverseStream(response.body, { name: id, requestedModel: model, secrets, signal, emittedBefore: echoed !== '' });
  }

  function streamCompletion(request: CompletionRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    // echo: the prompt comes first, as OpenAI's completions return it.
    return converseStream(convertCompletionRequest(request), request.model, signal, request.echo ? request.prompt : '');
  }

  return {
    id,
    kind: 'bedrock',
    tier: config.tier,
    retention: config.retention,
    capabilities: { chat: true, completion: true, fillInTheMiddle: false, embeddings: false, tools: true },
    chat: (request, options) => converse(convertChatRequest(request), request.model, options.signal),
    chatStream: (request, options) => converseStream(convertChatRequest(request), request.model, options.signal),
    async complete(request, options) {
      const response = await converse(convertCompletionRequest(request), request.model, options.signal);
      return request.echo ? { ...response, text: request.prompt + response.text } : response;
    },
    completeStream: (request, options) => streamCompletion(request, options.signal),
    // Nothing to load: credentials were read above, reachability shows on the first request.
    async start() {},
    isReady: () => true,
    close: () => client.close(),
  };
}

/** Model ids hold `:` and ARNs `/`: escaped as the AWS SDK escapes path labels (also `!'()*`). */
function encodeModelId(model: string): string {
  return encodeURIComponent(model).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
