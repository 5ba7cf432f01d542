import type { Queryable } from '../../platform/database';

/**
 * Where documents' contents live (docs/ARCHITECTURE.md "Documents"). The store keeps opaque sealed bytes
 * by document id and never sees plaintext: the documents service seals the content with the key ring
 * (CryptoService.encryptBytes, context "documents.content:<id>") before `put` and opens it after `get`,
 * so a store copied out of its bucket or database gives nothing readable, and a content moved under
 * another id does not open.
 *
 * The PostgreSQL store (PostgresDocumentStore, table document_contents) is the only one built: at 10 MB
 * a file it is fine, and it is written in the upload's transaction. An S3-compatible store replaces it by
 * providing DOCUMENT_STORE with another implementation of this interface: it ignores `tx` (an object
 * store has no transaction), so the service's order matters — `put` before the record is committed (a
 * failed commit leaves an orphan object, harmless: sealed, and named by an id no record holds), and
 * `destroy` after the record says destroyed (a failed destroy leaves an object no read reaches; it must
 * be retried by a sweep). `destroy` of an unknown id is not an error.
 */
export interface DocumentStore {
  /** Stores the sealed content of a document (once: a document's content never changes). */
  put(id: string, sealed: Buffer, tx?: Queryable): Promise<void>;
  /** The sealed content, or null when the store holds none for this id. */
  get(id: string, tx?: Queryable): Promise<Buffer | null>;
  /** Deletes the content for good; true when there was one. */
  destroy(id: string, tx?: Queryable): Promise<boolean>;
  /** Up to `limit` ids the store holds, after `after` in id order (key rotation walks the store). */
  idsAfter(after: string, limit: number): Promise<string[]>;
  /**
   * Replaces a content re-sealed under the active key, only if it is still the one read (`expected`):
   * false when it changed or went meanwhile (destroyed), and it is left alone.
   */
  replace(id: string, expected: Buffer, sealed: Buffer): Promise<boolean>;
}

/** The injection token of the DocumentStore. */
export const DOCUMENT_STORE = Symbol('DocumentStore');
