import { randomUUID, createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import { IdentityDirectoryService } from '../identity';
import { DOCUMENT_STORE, DocumentStore } from './document-store';
import { DocumentTransferGate } from './document-transfer-gate';
import { readUpload } from './document-upload';
import { DocumentDto } from './dto/document.dto';
import './documents.errors';
import { DocumentRecord, DocumentRepository } from './repositories/document.repository';

/** The encryption context of a document's content: bound to its id, so content moved elsewhere does not open. */
export const contentContext = (documentId: string): string => `documents.content:${documentId}`;

export interface DocumentFile {
  mediaType: string;
  name: string;
  bytes: Buffer;
}

/**
 * Documents attached to a case (docs/ARCHITECTURE.md "Documents"): upload (type from the bytes, content
 * sealed with the key ring into the DocumentStore, name encrypted), list, download and removal, each
 * decided on the case (case.add_document, case.read_documents, case.remove_document) and audited with
 * ids only.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cases: CaseSharingService,
    private readonly names: IdentityDirectoryService,
    private readonly catalogues: CatalogueService,
    private readonly crypto: CryptoService,
    private readonly idempotency: IdempotencyService,
    private readonly documents: DocumentRepository,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    private readonly gate: DocumentTransferGate,
  ) {}

  private async guard(actor: Actor, caseId: string, action: string): Promise<void> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, action, facts.access, { actor });
  }

  async upload(
    actor: Actor,
    caseId: string,
    req: FastifyRequest,
    cmd: IdempotentCommand,
  ): Promise<DocumentDto> {
    await this.guard(actor, caseId, 'case.add_document');
    return this.gate.through(() => this.receive(actor, caseId, req, cmd));
  }

  /** The upload itself, holding one of the process's transfer places (the file is in memory). */
  private async receive(
    actor: Actor,
    caseId: string,
    req: FastifyRequest,
    cmd: IdempotentCommand,
  ): Promise<DocumentDto> {
    const upload = await readUpload(req);
    this.catalogues.assertKey('document-kinds', upload.kind, 'kind');
    // What a retry must repeat to replay the first answer: a keyed digest (the index key's MAC), so the
    // idempotency record is no plaintext fingerprint of the file.
    const digest = createHash('sha256')
      .update(upload.name)
      .update('\u0000')
      .update(upload.bytes)
      .digest('hex');
    const body = { kind: upload.kind, file: this.crypto.blindIndex('text', digest) };
    return this.dataSource.transaction(async (m) =>
      this.idempotency.command(m, { ...cmd, body }, async () => {
        const id = randomUUID();
        const record = await this.documents.insert(m, {
          id,
          caseId,
          kind: upload.kind,
          mediaType: upload.mediaType,
          sizeBytes: upload.bytes.length,
          name: upload.name,
          addedBy: actor.user.id,
        });
        await this.store.put(id, this.crypto.encryptBytes(upload.bytes, contentContext(id)), m);
        await this.record(m, actor, 'case.document_added', record, upload.kind);
        return (await this.dtos([record]))[0] as DocumentDto;
      }),
    );
  }

  async list(actor: Actor, caseId: string): Promise<DocumentDto[]> {
    await this.guard(actor, caseId, 'case.read_documents');
    return this.dataSource.transaction(async (m) => {
      const rows = await this.documents.listForCase(m, caseId);
      await this.audit.record(m, {
        action: 'case.documents_read',
        actor: actor.user,
        entityType: 'case',
        entityId: caseId,
        caseId,
        requestId: actor.requestId,
      });
      return this.dtos(rows);
    });
  }

  /** The file's bytes, opened; the download is audited (ids only) before they leave. */
  async download(actor: Actor, caseId: string, documentId: string): Promise<DocumentFile> {
    await this.guard(actor, caseId, 'case.read_documents');
    return this.gate.through(() => this.read(actor, caseId, documentId));
  }

  private async read(actor: Actor, caseId: string, documentId: string): Promise<DocumentFile> {
    return this.dataSource.transaction(async (m) => {
      const record = await this.documents.get(m, caseId, documentId);
      if (!record) throw new DomainError('NOT_FOUND');
      if (record.destroyedAt || record.name === null) throw new DomainError('DOCUMENT_DESTROYED');
      const sealed = await this.store.get(documentId, m);
      if (!sealed) throw new DomainError('DOCUMENT_DESTROYED');
      const bytes = this.crypto.decryptBytes(sealed, contentContext(documentId));
      await this.record(m, actor, 'case.document_downloaded', record);
      return { mediaType: record.mediaType, name: record.name, bytes };
    });
  }

  /** Destroys a mistaken upload: the content and the name go, the record stays (kind, dates). */
  async remove(actor: Actor, caseId: string, documentId: string): Promise<DocumentDto> {
    await this.guard(actor, caseId, 'case.remove_document');
    return this.dataSource.transaction(async (m) => {
      const record = await this.documents.get(m, caseId, documentId);
      if (!record) throw new DomainError('NOT_FOUND');
      if (!(await this.documents.markDestroyed(m, documentId, 'removed'))) {
        throw new DomainError('DOCUMENT_DESTROYED');
      }
      await this.store.destroy(documentId, m);
      await this.record(m, actor, 'case.document_removed', record);
      const after = await this.documents.get(m, caseId, documentId);
      return (await this.dtos([after ?? record]))[0] as DocumentDto;
    });
  }

  private record(
    m: EntityManager,
    actor: Actor,
    action: string,
    d: DocumentRecord,
    reasonCode?: string,
  ): Promise<void> {
    return this.audit.record(m, {
      action,
      actor: actor.user,
      entityType: 'document',
      entityId: d.id,
      caseId: d.caseId,
      ...(reasonCode ? { reasonCode } : {}),
      requestId: actor.requestId,
    });
  }

  private async dtos(rows: DocumentRecord[]): Promise<DocumentDto[]> {
    const names = await this.names.workNamesOf([...new Set(rows.map((r) => r.addedBy))]);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      mediaType: r.mediaType,
      sizeBytes: r.sizeBytes,
      name: r.name,
      addedBy: { id: r.addedBy, displayName: names.get(r.addedBy)?.displayName ?? null },
      addedAt: r.addedAt.toISOString(),
      destroyedAt: r.destroyedAt?.toISOString() ?? null,
      destroyedReason: r.destroyedReason,
    }));
  }
}
