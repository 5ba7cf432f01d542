/**
 * The keyset cursor of a notification list: newest first, by (created_at, id). The time travels as
 * microseconds since the epoch, PostgreSQL's own precision, so no row is skipped or repeated at a page
 * boundary. Opaque to callers: "<microseconds>_<uuid>".
 */
export interface ListCursor {
  createdAtMicros: string;
  id: string;
}

export const CURSOR_PATTERN = /^\d{1,18}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(c: ListCursor): string {
  return `${c.createdAtMicros}_${c.id}`;
}

/** Undefined when the text is not a cursor this API made. */
export function decodeCursor(text: string): ListCursor | undefined {
  if (!CURSOR_PATTERN.test(text)) return undefined;
  const [createdAtMicros, id] = text.split('_');
  return createdAtMicros && id ? { createdAtMicros, id } : undefined;
}
