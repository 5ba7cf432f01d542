import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { OutboxService } from '../../platform/outbox';
import { AccessRecord, AccessService } from '../access';
import { AuditService } from '../audit';
import { IdentityDirectoryService } from '../identity';
import { CaseFileAccess } from './case-file-access';
import { CaseMoveRegistry } from './case-moves';
import { CASES_CONFIG, CasesConfig } from './cases.config';
import {
  CaseTransferDto,
  TransferAcceptDto,
  TransferDto,
  TransferOrganizationDto,
  TransferRequestDto,
} from './dto/transfer.dto';
import { CaseHistoryRepository } from './repositories/case-history.repository';
import { CaseSharingRepository } from './repositories/case-sharing.repository';
import {
  CaseTransferRepository,
  TransferHead,
  TransferRecord,
} from './repositories/case-transfer.repository';
import './transfers.errors';

const TRANSFER_PURPOSE = 'transfer';
const COUNSELLOR = 'counsellor';
const LIST_LIMIT = 200;

type Decision = 'accepted' | 'declined' | 'cancelled';

const accessRecordOf = (t: TransferHead): AccessRecord => ({
  id: t.id,
  caseId: t.caseId,
  organizationId: t.fromOrganizationId,
  recipientOrganizationId: t.toOrganizationId,
  status: t.status,
});

/**
 * Transfers of a case between organisations (docs/ARCHITECTURE.md "Transfers"): a supervisor of the
 * case's organisation asks, with the survivor's consent for the purpose `transfer`; a supervisor of the
 * receiving organisation accepts or declines; the sender may cancel while it waits. On acceptance the case
 * changes organisation in one transaction with what follows it (CaseMoveRegistry). Every step is audited
 * with ids, and told through the outbox (reference only).
 */
@Injectable()
export class CaseTransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly directory: IdentityDirectoryService,
    private readonly file: CaseFileAccess,
    private readonly transfers: CaseTransferRepository,
    private readonly history: CaseHistoryRepository,
    private readonly moves: CaseMoveRegistry,
    private readonly sharing: CaseSharingRepository,
  ) {}

  /** The organisations the caller's cases may go to: of a receiving type, not the caller's own. */
  async destinations(actor: Actor): Promise<TransferOrganizationDto[]> {
    const all = await this.directory.organizationsNamed({ types: this.config.transfers.receivingTypes });
    return all.filter((o) => o.id !== actor.user.organizationId);
  }

  async request(
    actor: Actor,
    caseId: string,
    dto: TransferRequestDto,
    cmd: IdempotentCommand,
  ): Promise<TransferDto> {
    const before = await this.file.guard(actor, caseId, 'case.transfer');
    const to = await this.directory.organizationFacts(dto.toOrganizationId);
    const allowed = this.config.transfers.receivingTypes;
    if (!to || to.id === before.organizationId || !allowed.includes(to.type)) {
      throw new DomainError('TRANSFER_DESTINATION_INVALID', {
        field: 'toOrganizationId',
        allowed: allowed.join(', '),
      });
    }
    const id = await this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const row = await this.file.load(m, caseId, { lock: true });
        if (row.status === 'closed') throw new DomainError('TRANSFER_CASE_CLOSED');
        await this.assertConsent(m, caseId, dto.consentId);
        const transferId = await this.transfers.insert(m, {
          caseId,
          fromOrganizationId: row.organizationId,
          toOrganizationId: to.id,
          consentId: dto.consentId,
          requestedBy: actor.user.id,
          note: dto.note?.trim() ? dto.note : null,
        });
        const head = await this.mustHead(m, transferId);
        await this.recorded(m, actor, head, 'requested');
        return transferId;
      }),
    );
    return this.dto(await this.mustHead(this.dataSource.manager, id), 'outgoing');
  }

  /** The caller organisation's incoming or outgoing transfers, under case_transfer.list. */
  async list(
    actor: Actor,
    direction: 'incoming' | 'outgoing',
    status: string | undefined,
  ): Promise<TransferDto[]> {
    const access = this.access.filter(actor.user, 'case_transfer.list', 'case_transfer', { alias: 't' });
    const heads = await this.transfers.list(this.dataSource.manager, {
      organizationId: actor.user.organizationId,
      direction,
      status,
      access,
      limit: LIST_LIMIT,
    });
    return this.dtos(heads, direction);
  }

  /** The transfers of a case, with their texts, for whoever may read the case. */
  async ofCase(actor: Actor, caseId: string): Promise<CaseTransferDto[]> {
    await this.file.guard(actor, caseId, 'case.read');
    // Their texts are the file's: the read is audited as the notes' is.
    const records = await this.dataSource.transaction(async (m) => {
      const found = await this.transfers.ofCase(m, caseId);
      await this.file.record(m, actor, caseId, 'case.transfers_read');
      return found;
    });
    const dtos = await this.dtos(records, 'incoming');
    return dtos.map((d, i) => {
      const r = records[i] as TransferRecord;
      return Object.assign(d, { consentId: r.consentId, note: r.note, declineReason: r.declineReason });
    });
  }

  async accept(
    actor: Actor,
    transferId: string,
    dto: TransferAcceptDto,
    cmd: IdempotentCommand,
  ): Promise<TransferDto> {
    const before = await this.guard(actor, transferId, 'case_transfer.decide');
    const assigneeId = dto.assigneeId ?? null;
    if (assigneeId !== null) {
      const u = await this.directory.userFacts(assigneeId);
      if (!u || u.disabled || u.organizationId !== before.toOrganizationId || !u.roles.includes(COUNSELLOR))
        throw new DomainError('TRANSFER_ASSIGNEE_INVALID', { field: 'assigneeId' });
    }
    await this.decide(actor, transferId, cmd, 'accepted', async (m, t) => {
      const c = await this.file.load(m, t.caseId, { lock: true });
      await this.assertConsent(m, t.caseId, t.consentId);
      // A restricted case stays restricted: the accepting supervisor is the one named on it.
      await this.transfers.moveCase(m, t.caseId, t.toOrganizationId, assigneeId);
      await this.sharing.nameRestrictedSupervisors(m, t.caseId, c.restricted ? [actor.user.id] : []);
      await this.history.recordAssignment(m, { caseId: t.caseId, assigneeId, assignedBy: actor.user.id });
      await this.moves.transferred(m, {
        transferId: t.id,
        caseId: t.caseId,
        fromOrganizationId: t.fromOrganizationId,
        toOrganizationId: t.toOrganizationId,
        actor,
        at: new Date(),
      });
      if (assigneeId !== null) {
        await this.outbox.write(m, 'case.assigned', {
          caseId: t.caseId,
          organizationId: t.toOrganizationId,
          reference: t.reference,
          assigneeId,
        });
      }
    });
    return this.dto(await this.mustHead(this.dataSource.manager, transferId), 'incoming');
  }

  async decline(
    actor: Actor,
    transferId: string,
    reasonText: string,
    cmd: IdempotentCommand,
  ): Promise<TransferDto> {
    await this.guard(actor, transferId, 'case_transfer.decide');
    await this.decide(actor, transferId, cmd, 'declined', async () => {}, reasonText);
    return this.dto(await this.mustHead(this.dataSource.manager, transferId), 'incoming');
  }

  async cancel(actor: Actor, transferId: string, cmd: IdempotentCommand): Promise<TransferDto> {
    await this.guard(actor, transferId, 'case_transfer.cancel');
    await this.decide(actor, transferId, cmd, 'cancelled', async () => {});
    return this.dto(await this.mustHead(this.dataSource.manager, transferId), 'outgoing');
  }

  /** The transfer once `action` on it is allowed (404 when the caller may not see it). */
  private async guard(actor: Actor, transferId: string, action: string): Promise<TransferHead> {
    const t = await this.transfers.head(this.dataSource.manager, transferId);
    if (!t) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, action, accessRecordOf(t), { actor });
    return t;
  }

  /** Ends a waiting transfer in one transaction with `work`, audited and told; 409 when it no longer waits. */
  private async decide(
    actor: Actor,
    transferId: string,
    cmd: IdempotentCommand,
    status: Decision,
    work: (m: EntityManager, t: TransferHead) => Promise<void>,
    declineReason?: string,
  ): Promise<void> {
    await this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const t = await this.transfers.head(m, transferId, { lock: true });
        if (!t) throw new DomainError('NOT_FOUND');
        if (t.status !== 'requested') throw new DomainError('TRANSFER_NOT_OPEN');
        await work(m, t);
        if (!(await this.transfers.decide(m, t.id, { status, decidedBy: actor.user.id, declineReason })))
          throw new DomainError('TRANSFER_NOT_OPEN');
        await this.recorded(m, actor, { ...t, status }, status);
        return { id: t.id };
      }),
    );
  }

  /** 422 unless the consent is this case's, for the purpose transfer, and not withdrawn. */
  private async assertConsent(m: EntityManager, caseId: string, consentId: string): Promise<void> {
    const consent = await this.transfers.consentOf(m, caseId, consentId);
    if (!consent || consent.purpose !== TRANSFER_PURPOSE || consent.withdrawnAt !== null)
      throw new DomainError('TRANSFER_CONSENT_INVALID', { field: 'consentId' });
  }

  /** The audit row (ids and the status, nothing personal) and the event that tells the other side. */
  private async recorded(m: EntityManager, actor: Actor, t: TransferHead, step: string): Promise<void> {
    await this.audit.record(m, {
      action: `case.transfer_${step}`,
      actor: actor.user,
      entityType: 'case_transfer',
      entityId: t.id,
      caseId: t.caseId,
      reasonCode: step === 'requested' ? `to_${t.toOrganizationId}` : `from_${t.fromOrganizationId}`,
      requestId: actor.requestId,
    });
    await this.outbox.write(m, 'case.transfer_changed', {
      transferId: t.id,
      caseId: t.caseId,
      reference: t.reference,
      status: t.status,
      fromOrganizationId: t.fromOrganizationId,
      toOrganizationId: t.toOrganizationId,
      requestedBy: t.requestedBy,
    });
  }

  private async mustHead(m: EntityManager, id: string): Promise<TransferHead> {
    const t = await this.transfers.head(m, id);
    if (!t) throw new DomainError('NOT_FOUND');
    return t;
  }

  private async dto(t: TransferHead, side: 'incoming' | 'outgoing'): Promise<TransferDto> {
    const [d] = await this.dtos([t], side);
    if (!d) throw new DomainError('NOT_FOUND');
    return d;
  }

  /** The lists' shape: organisations named; the risk level only on the receiving side. */
  private async dtos(heads: readonly TransferHead[], side: 'incoming' | 'outgoing'): Promise<TransferDto[]> {
    const ids = [...new Set(heads.flatMap((t) => [t.fromOrganizationId, t.toOrganizationId]))];
    const orgs = new Map((await this.directory.organizationsNamed({ ids })).map((o) => [o.id, o]));
    const org = (id: string): TransferOrganizationDto => orgs.get(id) ?? { id, name: '', type: '' };
    return heads.map((t) => ({
      id: t.id,
      caseId: t.caseId,
      reference: t.reference,
      from: org(t.fromOrganizationId),
      to: org(t.toOrganizationId),
      status: t.status,
      requestedAt: t.requestedAt.toISOString(),
      decidedAt: t.decidedAt ? t.decidedAt.toISOString() : null,
      riskLevel: side === 'incoming' ? t.riskLevel : null,
      version: t.version,
    }));
  }
}
