// The baseline: a bare node:http pass-through proxy with a keep-alive agent, no parsing at all.
import { Agent, createServer, request as httpRequest } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const upstream = new URL(process.argv[3] ?? 'http://127.0.0.1:9000');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((request, response) => {
  const proxied = httpRequest(
    { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent },
    (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(response);
    },
  );
  proxied.on('error', () => {
    response.writeHead(502);
    response.end();
  });
  request.pipe(proxied);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : port}\n`);
});
