// A fast OpenAI-compatible upstream for benchmarks: fixed replies, no work, keep-alive.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const created = 1_741_569_952;
const json = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created,
  model: 'bench-model',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'The function returns the sum of its arguments, handling nulls by treating them as zero.',
        refusal: null,
      },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 512, completion_tokens: 20, total_tokens: 532 },
});
const words = 'The function returns the sum of its arguments and treats nulls as zero .'.split(' ');
const chunk = (delta: object, finish: string | null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'bench-model', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
const stream =
  chunk({ role: 'assistant', content: '' }, null) +
  words.map((word) => chunk({ content: `${word} ` }, null)).join('') +
  chunk({}, 'stop') +
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'bench-model', choices: [], usage: { prompt_tokens: 512, completion_tokens: 14, total_tokens: 526 } })}\n\n` +
  'data: [DONE]\n\n';

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (data: Buffer) => chunks.push(data));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    if (body.includes('"stream":true')) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(stream);
    } else {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      response.end(json);
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : port}\n`);
});
