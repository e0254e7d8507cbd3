/**
 * Forwarding to a SIEM, against loopback receivers that parse what they get: syslog (RFC 5424)
 * over TCP with RFC 6587 octet counting and over UDP, a webhook that fails before it recovers
 * (and a restart in between), and OpenTelemetry logs over OTLP/HTTP JSON.
 */
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { forwarderSchema } from '../../src/audit/audit-schema.js';
import type { AuditWriter } from '../../src/audit/audit-writer.js';
import { startForwardingLoop, type ForwardingLoop } from '../../src/audit/forward/forwarding-loop.js';
import { createRecordSender } from '../../src/audit/forward/start-forwarders.js';
import type { AuditStore } from '../../src/audit/store/audit-store.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { waitFor } from '../auth/gateway-fixtures.js';
import { sendJson, startLoopbackServer } from '../helpers/loopback-server.js';
import {
  appendRequest,
  createRefusal,
  createSqliteBackend,
  REFUSAL_FINGERPRINT,
  startTestWriter,
  type AuditLocation,
} from './audit-fixtures.js';

const backend = createSqliteBackend();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => backend.cleanup());

async function openLog(): Promise<{ location: AuditLocation; store: AuditStore; writer: AuditWriter }> {
  const location = await backend.createLocation();
  const store = await location.open();
  const writer = await startTestWriter(store);
  cleanups.push(async () => {
    await writer.close();
    await store.close();
    await location.close();
  });
  return { location, store, writer };
}

function startLoop(name: string, config: Record<string, unknown>, store: AuditStore, replica: string): ForwardingLoop {
  const parsed = forwarderSchema.parse({ name, ...config });
  const loop = startForwardingLoop({
    name,
    sender: createRecordSender(parsed, {}, () => replica),
    executor: store.executor,
    replica: () => replica,
    batchSize: parsed.batchSize,
    maxBackoffMs: parsed.maxBackoffMs,
    logger: createSilentLogger(),
    pollMs: 50,
  });
  cleanups.push(() => loop.stop());
  return loop;
}

interface SyslogMessage {
  priority: number;
  version: string;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: { id: string; params: Record<string, string> };
  record: AuditRecord;
}

/** An RFC 5424 parser for what we send: header fields, one SD-ELEMENT (PARAM-VALUE escapes undone), BOM, JSON. */
function parseSyslog(message: string): SyslogMessage {
  const header = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) \[([^\s\]]+)/.exec(message);
  if (!header) throw new Error(`not RFC 5424: ${message.slice(0, 80)}`);
  const params: Record<string, string> = {};
  let index = header[0].length;
  while (message[index] === ' ') {
    const equals = message.indexOf('="', index);
    const name = message.slice(index + 1, equals);
    let value = '';
    for (index = equals + 2; message[index] !== '"'; index += 1) value += message[index] === '\\' ? message[++index] : message[index];
    params[name] = value;
    index += 1;
  }
  if (message[index] !== ']') throw new Error('unterminated SD-ELEMENT');
  const rest = message.slice(index + 1);
  if (!rest.startsWith(' \uFEFF')) throw new Error('MSG must be UTF-8 with a BOM');
  return {
    priority: Number(header[1]),
    version: header[2] as string,
    timestamp: header[3] as string,
    hostname: header[4] as string,
    appName: header[5] as string,
    procId: header[6] as string,
    msgId: header[7] as string,
    structuredData: { id: header[8] as string, params },
    record: JSON.parse(rest.slice(2)) as AuditRecord,
  };
}

/** RFC 6587 octet counting: `LEN SP MSG` repeated, split by byte counts across arbitrary chunks. */
function createOctetCountingParser(onMessage: (message: string) => void): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const space = buffer.indexOf(0x20);
      if (space === -1) return;
      const length = Number(buffer.subarray(0, space).toString('ascii'));
      if (!Number.isInteger(length) || length <= 0) throw new Error('bad octet count');
      if (buffer.length < space + 1 + length) return;
      onMessage(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
      buffer = buffer.subarray(space + 1 + length);
    }
  };
}

describe('audit forwarders', () => {
  it('sends syslog over TCP with octet counting: RFC 5424 header, structured data and the record', async () => {
    const { store, writer } = await openLog();
    const received: string[] = [];
    const server = net.createServer((socket) =>
      socket.on(
        'data',
        createOctetCountingParser((message) => received.push(message)),
      ),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const allowed = await appendRequest(writer, undefined, { user_name: 'ada "the" admin]' });
    await writer.append(createRefusal('refused-1'), [REFUSAL_FINGERPRINT], true);
    startLoop(
      'siem-tcp',
      { kind: 'syslog', transport: 'tcp', host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
      store,
      writer.replica,
    );
    await waitFor(async () => received.length === 2, 5_000);
    const [first, second] = received.map(parseSyslog);
    expect(first).toMatchObject({ priority: 13 * 8 + 6, version: '1', appName: 'airlock', procId: String(process.pid), msgId: 'audit' });
    expect(first?.structuredData).toEqual({
      id: 'airlock@32473',
      params: expect.objectContaining({
        requestId: allowed,
        user: 'ada "the" admin]',
        action: 'allow',
        destination: 'cloud',
        outcome: 'ok',
      }),
    });
    expect(first?.record).toMatchObject({ requestId: allowed, principal: { user: 'ada "the" admin]' } });
    expect(Number.isNaN(Date.parse(first?.timestamp ?? ''))).toBe(false);
    // A policy block is a notice (5), not informational.
    expect(second).toMatchObject({ priority: 13 * 8 + 5, record: { requestId: 'refused-1', outcome: 'POLICY_BLOCKED' } });
  });

  it('sends syslog over UDP, one datagram per record', async () => {
    const { store, writer } = await openLog();
    const socket = dgram.createSocket('udp4');
    const received: string[] = [];
    socket.on('message', (message) => received.push(message.toString('utf8')));
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
    const ids = [await appendRequest(writer), await appendRequest(writer), await appendRequest(writer)];
    startLoop(
      'siem-udp',
      { kind: 'syslog', transport: 'udp', host: '127.0.0.1', port: socket.address().port, facility: 10 },
      store,
      writer.replica,
    );
    await waitFor(async () => received.length === 3, 5_000);
    expect(received.map(parseSyslog).map((message) => [message.priority, message.record.requestId])).toEqual(
      ids.map((id) => [10 * 8 + 6, id]),
    );
  });

  it('posts batches to a webhook, retries with backoff until it recovers, and keeps the backlog across a restart', async () => {
    const { store, writer, location } = await openLog();
    let available = false;
    const arrivals: number[] = [];
    const accepted: { ids: string[]; headers: Record<string, unknown> }[] = [];
    const server = await startLoopbackServer((request, response) => {
      arrivals.push(Date.now());
      if (!available) return sendJson(response, 503, { error: 'down' });
      accepted.push({
        ids: (request.body as { records: AuditRecord[] }).records.map((record) => record.requestId),
        headers: request.headers,
      });
      sendJson(response, 200, { ok: true });
    });
    cleanups.push(() => server.close());
    const config = { kind: 'webhook', url: `${server.url}/audit`, headers: { 'x-siem-source': 'airlock' }, batchSize: 2 };
    const first = [await appendRequest(writer), await appendRequest(writer), await appendRequest(writer)];
    const loop = startLoop('siem-hook', config, store, writer.replica);
    await waitFor(async () => loop.status().consecutiveFailures >= 2, 5_000);
    expect(loop.status()).toMatchObject({ deliveredSeq: 0, lastError: 'webhook answered HTTP 503' });
    // The failures came further and further apart (500 ms, then 1 s).
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(450);
    // "Restart": the process stops while the webhook is down; nothing was delivered or lost.
    await loop.stop();
    expect(await location.exec('SELECT seq FROM audit_forward_cursors')).toEqual([]);
    const second = [await appendRequest(writer)];
    available = true;
    const restarted = startLoop('siem-hook', config, store, writer.replica);
    await waitFor(async () => restarted.status().deliveredSeq === 8, 5_000);
    expect(accepted.map((batch) => batch.ids)).toEqual([first.slice(0, 2), [first[2], ...second]]);
    expect(accepted[0]?.headers).toMatchObject({ 'content-type': 'application/json', 'x-siem-source': 'airlock' });
  });

  it('exports OpenTelemetry log records over OTLP/HTTP JSON to /v1/logs', async () => {
    const { store, writer } = await openLog();
    const server = await startLoopbackServer((_request, response) => sendJson(response, 200, {}));
    cleanups.push(() => server.close());
    const id = await appendRequest(writer);
    await writer.append(createRefusal('refused-otlp'), [REFUSAL_FINGERPRINT], true);
    startLoop('otel', { kind: 'otlp', endpoint: `${server.url}/` }, store, writer.replica);
    await waitFor(async () => server.requests.length === 1, 5_000);
    const request = server.lastRequest();
    expect([request.method, request.path, request.headers['content-type']]).toEqual(['POST', '/v1/logs', 'application/json']);
    const body = request.body as {
      resourceLogs: {
        resource: { attributes: unknown[] };
        scopeLogs: { scope: { name: string }; logRecords: Record<string, unknown>[] }[];
      }[];
    };
    const [resourceLogs] = body.resourceLogs;
    expect(resourceLogs?.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'airlock' } });
    expect(resourceLogs?.resource.attributes).toContainEqual({ key: 'service.instance.id', value: { stringValue: writer.replica } });
    const [scope] = resourceLogs?.scopeLogs ?? [];
    expect(scope?.scope.name).toBe('airlock.audit');
    const [allowed, refused] = scope?.logRecords ?? [];
    expect(allowed).toMatchObject({ severityNumber: 9, severityText: 'INFO', timeUnixNano: expect.stringMatching(/^\d{19}$/) });
    expect(allowed?.attributes).toContainEqual({ key: 'airlock.request.id', value: { stringValue: id } });
    expect(allowed?.attributes).toContainEqual({ key: 'gen_ai.usage.input_tokens', value: { intValue: '10' } });
    expect(JSON.parse((allowed?.body as { stringValue: string }).stringValue)).toMatchObject({ requestId: id, destination: 'cloud' });
    expect(refused).toMatchObject({ severityNumber: 10, severityText: 'NOTICE' });
  });
});
