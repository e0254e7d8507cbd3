import dgram from 'node:dgram';
import net from 'node:net';
import type { SyslogForwarderConfig } from '../audit-schema.js';
import { formatSyslogMessage, frameOctetCounted, type SyslogFormatOptions } from './format-syslog.js';
import type { RecordSender } from './record-sender.js';

const CONNECT_TIMEOUT_MS = 5_000;
/** A datagram larger than this is unlikely to survive the path (RFC 5426 §3.2 asks receivers for 2 KB, most take 64 KB). */
const MAX_DATAGRAM = 65_000;

/** Syslog over TCP (RFC 6587 octet counting, one persistent connection) or UDP (RFC 5426, one datagram per record). */
export function createSyslogSender(config: SyslogForwarderConfig, format: Partial<SyslogFormatOptions> = {}): RecordSender {
  const options: SyslogFormatOptions = { facility: config.facility, structuredDataId: config.structuredDataId, ...format };
  return config.transport === 'udp' ? createUdpSender(config, options) : createTcpSender(config, options);
}

function createTcpSender(config: SyslogForwarderConfig, options: SyslogFormatOptions): RecordSender {
  let socket: net.Socket | undefined;
  const connect = (): Promise<net.Socket> =>
    new Promise((resolve, reject) => {
      const candidate = net.connect({ host: config.host, port: config.port });
      const timer = setTimeout(() => candidate.destroy(new Error('syslog connect timeout')), CONNECT_TIMEOUT_MS);
      candidate.once('connect', () => {
        clearTimeout(timer);
        candidate.setKeepAlive(true);
        // A broken connection is noticed on the next write; until then, errors must not crash the process.
        candidate.on('error', () => candidate.destroy());
        candidate.on('close', () => {
          if (socket === candidate) socket = undefined;
        });
        resolve(candidate);
      });
      candidate.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  return {
    async send(records) {
      socket ??= await connect();
      const frames = Buffer.concat(records.map((record) => frameOctetCounted(formatSyslogMessage(record, options))));
      const target = socket;
      await new Promise<void>((resolve, reject) => {
        target.write(frames, (error) => (error ? reject(error) : resolve()));
      }).catch((error: unknown) => {
        target.destroy();
        socket = undefined;
        throw error;
      });
    },
    async close() {
      socket?.end();
      socket = undefined;
    },
  };
}

function createUdpSender(config: SyslogForwarderConfig, options: SyslogFormatOptions): RecordSender {
  const socket = dgram.createSocket(net.isIPv6(config.host) ? 'udp6' : 'udp4');
  socket.on('error', () => undefined);
  socket.unref();
  return {
    async send(records) {
      for (const record of records) {
        let message = Buffer.from(formatSyslogMessage(record, options), 'utf8');
        // Too large for a datagram: send the fields a SIEM filters on and no JSON body.
        if (message.length > MAX_DATAGRAM)
          message = Buffer.from(formatSyslogMessage({ ...record, findings: [], candidates: [] }, options), 'utf8').subarray(
            0,
            MAX_DATAGRAM,
          );
        await new Promise<void>((resolve, reject) =>
          socket.send(message, config.port, config.host, (error) => (error ? reject(error) : resolve())),
        );
      }
    },
    async close() {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
