// A lower bound for any inspecting gateway, for the benchmark: node:http in, undici out, the
// request parsed and re-serialised (and the answer too, for JSON), and with `inspect` Airlock's
// inspector (every detector) run over the request's texts and the answer's text. No policy,
// routing, redaction, keys, usage or audit. If this reaches only N % of the bare proxy, no
// gateway that inspects every request can do better on the same machine.
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { createDefaultInspectConfig } from '../src/config/inspect-schema.js';
import { createInspector } from '../src/inspect/create-inspector.js';

const port = Number(process.argv[2] ?? 0);
const upstream = process.argv[3] ?? 'http://127.0.0.1:9000';
const inspect = process.argv[4] === 'inspect';
const inspector = createInspector({ config: createDefaultInspectConfig(), fingerprintKey: 'bench' });
const pool = new Pool(upstream, { connections: 256, pipelining: 1 });

interface ChatBody {
  model: string;
  stream?: boolean;
  messages: { role: string; content: string }[];
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    void (async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody;
      if (inspect) for (const message of body.messages) inspector.inspectText(message.content, { role: 'user' });
      body.model = 'bench-model';
      const answer = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (body.stream === true) {
        response.writeHead(answer.statusCode, { 'content-type': 'text/event-stream' });
        for await (const chunk of answer.body) response.write(chunk);
        response.end();
        return;
      }
      const json = (await answer.body.json()) as { choices: { message: { content: string } }[] };
      if (inspect) inspector.inspectText(json.choices[0]?.message.content ?? '', { role: 'assistant' });
      const text = JSON.stringify(json);
      response.writeHead(answer.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    })().catch(() => {
      response.writeHead(502);
      response.end();
    });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : port}\n`);
});
