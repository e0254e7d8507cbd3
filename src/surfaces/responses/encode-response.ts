import type { FinishReason, GenerateResponse, Usage } from '../../canonical/types.js';
import type { ParsedResponsesRequest } from './convert-request.js';

export interface ResponseIdentity {
  id: string;
  createdAt: number;
  /** The configured model that answered. */
  model: string;
  echo: ParsedResponsesRequest['echo'];
}

export type OutputItem =
  | { type: 'message'; id: string; status: string; role: 'assistant'; content: { type: 'output_text'; text: string; annotations: [] }[] }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status: string };

export function convertResponseUsage(usage: Usage | undefined): Record<string, unknown> {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** `status` and `incomplete_details` from the finish reason. */
function convertStatus(reason: FinishReason | undefined): { status: string; incomplete_details: { reason: string } | null } {
  if (reason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content-filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** The `response` object, in progress (no output yet) or finished. */
export function createResponseObject(
  identity: ResponseIdentity,
  state: { output: OutputItem[]; finishReason?: FinishReason; usage?: Usage; inProgress?: boolean },
): Record<string, unknown> {
  const { echo } = identity;
  const status = state.inProgress ? { status: 'in_progress', incomplete_details: null } : convertStatus(state.finishReason);
  return {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    ...status,
    error: null,
    instructions: echo.instructions ?? null,
    max_output_tokens: echo.max_output_tokens ?? null,
    model: identity.model,
    output: state.output,
    parallel_tool_calls: echo.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: echo.temperature ?? 1,
    text: { format: echo.text?.format ?? { type: 'text' } },
    tool_choice: echo.tool_choice ?? 'auto',
    tools: (echo.tools ?? []).map((tool) => ({ ...tool, strict: tool.strict ?? true })),
    top_p: echo.top_p ?? 1,
    truncation: 'disabled',
    usage: state.inProgress ? null : convertResponseUsage(state.usage),
    metadata: {},
  };
}

/** Canonical answer → a finished Responses object. */
export function encodeResponse(response: GenerateResponse, identity: ResponseIdentity): Record<string, unknown> {
  const output: OutputItem[] = [];
  if (response.text !== '' || response.toolCalls.length === 0) {
    output.push({
      type: 'message',
      id: `msg_${identity.id.slice(5)}`,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: response.text, annotations: [] }],
    });
  }
  response.toolCalls.forEach((call, index) => {
    output.push({
      type: 'function_call',
      id: `fc_${identity.id.slice(5)}_${index}`,
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
      status: 'completed',
    });
  });
  return createResponseObject(identity, {
    output,
    finishReason: response.finishReason,
    ...(response.usage ? { usage: response.usage } : {}),
  });
}
