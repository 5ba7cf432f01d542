import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CryptoService } from '../../platform/crypto';
import { Actor, decodeCursor, DomainError, Page, pageOf } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { validateNationalId, validatePhone } from './domain/identity-numbers';
import { formatCaseReference, parseCaseReference } from './domain/reference';
import { CaseListDto, CaseSummaryDto, ListCasesQuery, SearchCasesDto } from './dto/case.dto';
import { CaseMergeRepository } from './repositories/case-merge.repository';
import { CaseCriteria, CaseRepository, CaseSummary } from './repositories/case.repository';
import './cases.errors';

const SEARCH_LIMIT = 50;

const summaryOf = (r: CaseSummary): CaseSummaryDto => ({
  id: r.id,
  reference: r.reference,
  status: r.status,
  riskLevel: r.riskLevel,
  assigneeId: r.assigneeId,
  openedAt: r.openedAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** A reference as typed (any accepted spelling) in its stored form; left as given when it is not one. */
const referenceOf = (typed: string): string => {
  const ref = parseCaseReference(typed);
  return ref ? formatCaseReference(ref) : typed;
};

/** The worklist and the search: keyset pages of the cases the caller may see (docs/DESIGN.md §3, §9). */
@Injectable()
export class CaseListService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cases: CaseRepository,
    private readonly merges: CaseMergeRepository,
  ) {}

  async list(actor: Actor, query: ListCasesQuery): Promise<CaseListDto> {
    await this.assertMayList(actor);
    const criteria: CaseCriteria = {};
    if (query.status) criteria.status = query.status;
    if (query.riskLevel) criteria.riskLevel = query.riskLevel;
    if (query.reference) criteria.reference = await this.referenceNow(query.reference);
    // Narrows what the access filter allows (the operator's own recent cases): never widens it.
    if (query.createdBy === 'me') criteria.createdBy = actor.user.id;
    if (query.since) criteria.openedSince = query.since;
    if (query.assignee === 'none') criteria.assigneeId = null;
    else if (query.assignee === 'me') criteria.assigneeId = actor.user.id;
    else if (query.assignee) criteria.assigneeId = query.assignee;
    return this.page(actor, criteria, query.cursor, query.limit ?? 50, 'case.listed');
  }

  async search(actor: Actor, dto: SearchCasesDto): Promise<CaseListDto> {
    await this.assertMayList(actor);
    const criteria: CaseCriteria = {};
    if (dto.reference) criteria.reference = await this.referenceNow(dto.reference);
    // A value the index cannot be computed from matches nothing ('' is never an index).
    if (dto.phone) {
      criteria.survivorPhoneIndex = this.crypto.phoneIndex(validatePhone(dto.phone, 'phone')) ?? '';
    }
    if (dto.nationalId) {
      criteria.survivorNationalIdIndex =
        this.crypto.nationalIdIndex(validateNationalId(dto.nationalId, 'nationalId')) ?? '';
    }
    if (!dto.reference && !dto.phone && !dto.nationalId) throw new DomainError('CASE_SEARCH_EMPTY');
    return this.page(actor, criteria, undefined, SEARCH_LIMIT, 'case.searched');
  }

  /** A merged case's reference finds its successor (issue 15). */
  private referenceNow(typed: string): Promise<string> {
    return this.merges.currentReference(this.dataSource.manager, referenceOf(typed));
  }

  private async page(
    actor: Actor,
    criteria: CaseCriteria,
    cursor: string | undefined,
    limit: number,
    auditAction: string,
  ): Promise<Page<CaseSummaryDto>> {
    const after = decodeCursor(cursor, 2);
    const filter = this.access.filter(actor.user, 'case.list', 'case', { alias: 'c' });
    return this.dataSource.transaction(async (m) => {
      const rows = await this.cases.pageByAccess(m, filter, criteria, after, limit);
      await this.audit.record(m, {
        action: auditAction,
        actor: actor.user,
        entityType: 'case',
        reasonCode: `results_${Math.min(rows.length, limit)}`,
        requestId: actor.requestId,
      });
      return pageOf(rows, limit, (r) => [r.micros, r.id], summaryOf);
    });
  }

  /**
   * Rules that can keep no case for this user at all (provider staff, managers, admins, auditors): the
   * list or search itself is refused, 403, and the refusal audited (docs/DESIGN.md §7).
   */
  private async assertMayList(actor: Actor): Promise<void> {
    if (this.access.filter(actor.user, 'case.list', 'case').sql !== 'FALSE') return;
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'access.denied',
        outcome: 'denied',
        actor: actor.user,
        entityType: 'case',
        reasonCode: 'case.list',
        requestId: actor.requestId,
      }),
    );
    throw new DomainError('FORBIDDEN');
  }
}
