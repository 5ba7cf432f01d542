import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/http';
import './documents.errors';

/** The largest file accepted: 10 MB (10 × 1024 × 1024 bytes). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** The longest file name kept, in characters. */
export const MAX_DOCUMENT_NAME = 255;
/** A request whose declared length passes this is refused before a byte is read (the form's overhead). */
const MAX_FORM_OVERHEAD = 64 * 1024;

export type DocumentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';
export const DOCUMENT_MEDIA_TYPES: readonly DocumentMediaType[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
];

const SIGNATURES: readonly [DocumentMediaType, Buffer][] = [
  ['application/pdf', Buffer.from('%PDF-', 'latin1')],
  ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff])],
  ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
];

/**
 * The file's type from its first bytes (magic numbers), never from its name or the type the client
 * declared: a program named ".pdf" starts with "MZ" or "\x7fELF" and is none of these.
 */
export function mediaTypeOf(bytes: Buffer): DocumentMediaType | null {
  for (const [type, signature] of SIGNATURES) {
    if (bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature))
      return type;
  }
  return null;
}

/**
 * The file name as kept: its last path segment (a browser on Windows may send "C:\…\x.pdf"), in NFC,
 * without control characters, trimmed. Refused when empty or too long.
 */
export function cleanFileName(raw: string | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const name = last
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  if (name === '' || Array.from(name).length > MAX_DOCUMENT_NAME) {
    throw new DomainError('DOCUMENT_NAME_INVALID', { field: 'file', max: MAX_DOCUMENT_NAME });
  }
  return name;
}

export interface Upload {
  kind: string;
  name: string;
  bytes: Buffer;
  mediaType: DocumentMediaType;
}

const limitError = (e: unknown): DomainError => {
  const code = (e as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DomainError('DOCUMENT_TOO_LARGE', { maxBytes: MAX_DOCUMENT_BYTES });
  }
  return new DomainError('DOCUMENT_FORM_INVALID');
};

/**
 * Reads an upload form: one `file` part (at most 10 MB: the parser stops reading the file at the limit
 * and the upload is refused, nothing beyond it is kept) and one `kind` field, in either order. The type
 * is taken from the bytes. Nothing is stored here.
 */
export async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new DomainError('DOCUMENT_FORM_REQUIRED');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_DOCUMENT_BYTES + MAX_FORM_OVERHEAD) {
    throw new DomainError('DOCUMENT_TOO_LARGE', { maxBytes: MAX_DOCUMENT_BYTES });
  }
  let kind: string | undefined;
  let file: { name: string; bytes: Buffer } | undefined;
  try {
    const parts: AsyncIterableIterator<Multipart> = req.parts({
      limits: {
        fileSize: MAX_DOCUMENT_BYTES,
        files: 1,
        fields: 2,
        parts: 3,
        fieldSize: 64,
        fieldNameSize: 16,
        headerPairs: 10,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw new DomainError('DOCUMENT_FORM_INVALID');
        }
        const bytes = await part.toBuffer();
        file = { name: part.filename, bytes };
      } else if (
        part.fieldname === 'kind' &&
        kind === undefined &&
        typeof part.value === 'string' &&
        !part.valueTruncated
      ) {
        kind = part.value;
      } else if (part.fieldname === 'file') {
        // A file part without a file name arrives as a field: there is no file.
        throw new DomainError('DOCUMENT_PART_MISSING', { field: 'file' });
      } else {
        throw new DomainError('DOCUMENT_FORM_INVALID');
      }
    }
  } catch (e) {
    throw e instanceof DomainError ? e : limitError(e);
  }
  if (!file) throw new DomainError('DOCUMENT_PART_MISSING', { field: 'file' });
  if (kind === undefined) throw new DomainError('DOCUMENT_PART_MISSING', { field: 'kind' });
  const mediaType = mediaTypeOf(file.bytes);
  if (!mediaType) {
    throw new DomainError('DOCUMENT_TYPE_NOT_ALLOWED', { allowed: 'PDF, JPEG, PNG' });
  }
  return { kind, name: cleanFileName(file.name), bytes: file.bytes, mediaType };
}
