import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { pickLanguage } from '../i18n/i18n';
import { toErrorBody } from './error-body';
import { DomainError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client's X-Request-Id when it is a UUID; anything else is never logged nor echoed: a new one. */
export function requestIdOf(given: unknown): string {
  return typeof given === 'string' && UUID.test(given) ? given.toLowerCase() : randomUUID();
}

/** Reads one header out of the bytes Node could not parse (only for the language of the answer). */
function headerOf(raw: unknown, name: string): string | undefined {
  if (!Buffer.isBuffer(raw)) return undefined;
  const text = raw.toString('latin1');
  const match = new RegExp(`\\r\\n${name}:[ \\t]*([^\\r\\n]{0,200})`, 'i').exec(text);
  return match?.[1];
}

/**
 * Fastify's clientErrorHandler: a request Node's parser refuses (raw UTF-8 in the address, a broken
 * header) gets Haven's coded error body with a request id and the client's language, not a bare
 * {"message":"Client Error"}. Nothing of the request is echoed.
 */
export function clientErrorHandler(
  err: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const lang = pickLanguage(headerOf(err.rawPacket, 'accept-language'));
  const requestId = randomUUID();
  const body = toErrorBody(new DomainError(tooLarge ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST'), lang);
  const payload = JSON.stringify({ ...body, requestId });
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\nX-Request-Id: ${requestId}\r\n` +
      `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${payload}`,
  );
}
