import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { caseAccessRecord } from './case-record';
import { formatCaseReference, parseCaseReference } from './domain/reference';
import { CaseLinkDto, CaseLinkInputDto, CaseLinksDto } from './dto/case-merge.dto';
import { CaseLinkRow, CaseMergeRepository } from './repositories/case-merge.repository';
import { CaseHead, CaseRepository } from './repositories/case.repository';
import './case-merge.errors';

const linkOf = (r: CaseLinkRow): CaseLinkDto => ({
  id: r.id,
  caseId: r.otherCaseId,
  reference: r.otherReference,
  status: r.otherStatus,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

/**
 * Links between two cases of one survivor (intake found a possible duplicate): both cases show the link;
 * nothing moves. Made and removed by whoever may change the file (case.link), audited on both cases.
 */
@Injectable()
export class CaseLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly cases: CaseRepository,
    private readonly merges: CaseMergeRepository,
  ) {}

  async link(
    actor: Actor,
    caseId: string,
    dto: CaseLinkInputDto,
    cmd: IdempotentCommand,
  ): Promise<CaseLinkDto> {
    const head = await this.head(caseId);
    await this.access.assert(actor.user, 'case.link', caseAccessRecord(head), { actor });
    const other = await this.target(dto);
    // The other case: of the same organisation as this one, or one the caller may read (404 otherwise).
    if (other.organizationId !== head.organizationId) {
      await this.access.assert(actor.user, 'case.read', caseAccessRecord(other), { actor });
    }
    if (other.id === head.id) throw new DomainError('CASE_LINK_SELF');
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        if (await this.merges.findLinkBetween(m, head.id, other.id))
          throw new DomainError('CASE_LINK_EXISTS');
        const id = await this.merges.insertLink(m, head.id, other.id, actor.user.id);
        await this.record(m, actor, 'case.linked', id, [head.id, other.id]);
        const [row] = (await this.merges.listLinks(m, head.id)).filter((l) => l.id === id);
        if (!row) throw new Error('link not written');
        return linkOf(row);
      }),
    );
  }

  async list(actor: Actor, caseId: string): Promise<CaseLinksDto> {
    const head = await this.head(caseId);
    await this.access.assert(actor.user, 'case.read', caseAccessRecord(head), { actor });
    return { items: (await this.merges.listLinks(this.dataSource.manager, head.id)).map(linkOf) };
  }

  async remove(actor: Actor, caseId: string, linkId: string): Promise<void> {
    const head = await this.head(caseId);
    await this.access.assert(actor.user, 'case.link', caseAccessRecord(head), { actor });
    await this.dataSource.transaction(async (m) => {
      const link = await this.merges.findLinkOf(m, head.id, linkId);
      if (!link || !(await this.merges.deleteLink(m, link.id))) throw new DomainError('NOT_FOUND');
      await this.record(m, actor, 'case.unlinked', link.id, [link.caseId, link.linkedCaseId]);
    });
  }

  private async head(caseId: string): Promise<CaseHead> {
    const head = await this.cases.findHead(this.dataSource.manager, caseId);
    if (!head) throw new DomainError('NOT_FOUND');
    return head;
  }

  private async target(dto: CaseLinkInputDto): Promise<CaseHead> {
    let id = dto.caseId;
    if (!id && dto.reference) {
      const parsed = parseCaseReference(dto.reference);
      const reference = parsed ? formatCaseReference(parsed) : dto.reference;
      id = await this.merges.caseIdByReference(this.dataSource.manager, reference);
      if (!id) throw new DomainError('NOT_FOUND');
    }
    if (!id) throw new DomainError('CASE_LINK_TARGET_REQUIRED');
    return this.head(id);
  }

  /** One audit row per case of the link: ids only. */
  private async record(
    m: EntityManager,
    actor: Actor,
    action: string,
    linkId: string,
    caseIds: readonly string[],
  ): Promise<void> {
    for (const caseId of caseIds) {
      await this.audit.record(m, {
        action,
        actor: actor.user,
        entityType: 'case_link',
        entityId: linkId,
        caseId,
        requestId: actor.requestId,
      });
    }
  }
}
