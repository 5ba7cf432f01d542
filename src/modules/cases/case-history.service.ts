import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../platform/http';
import { IdentityDirectoryService } from '../identity';
import { CaseFileAccess } from './case-file-access';
import { ConsentHistoryDto, RiskAssessmentHistoryDto, StatusHistoryDto } from './dto/case-history.dto';
import { CaseHistoryRepository } from './repositories/case-history.repository';
import { CaseTransitionRepository } from './repositories/case-transition.repository';
import { ConsentRepository } from './repositories/consent.repository';

/**
 * The file's histories for the counsellor's screens: every consent (withdrawn too), every risk
 * assessment, every workflow transition. Each read is decided as the file read (case.read, a refusal
 * answers 404) and audited against the case in the same transaction, as the file read is.
 */
@Injectable()
export class CaseHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly file: CaseFileAccess,
    private readonly directory: IdentityDirectoryService,
    private readonly consentRecords: ConsentRepository,
    private readonly history: CaseHistoryRepository,
    private readonly transitions: CaseTransitionRepository,
  ) {}

  async consents(actor: Actor, id: string): Promise<ConsentHistoryDto> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const consents = await this.consentRecords.historyOf(m, id);
      await this.file.record(m, actor, id, 'case.consents_read');
      const names = await this.directory.workNamesOf(consents.map((c) => c.recordedBy));
      return {
        items: consents.map((c) => ({
          id: c.id,
          purpose: c.purpose,
          givenBy: c.givenBy,
          method: c.method,
          providerTypes: c.providerTypes,
          providerIds: c.providerIds,
          sharedFields: c.sharedFields,
          givenAt: c.givenAt.toISOString(),
          recordedBy: c.recordedBy,
          recordedByName: names.get(c.recordedBy)?.displayName ?? null,
          withdrawn: c.withdrawnAt !== null,
          withdrawnAt: c.withdrawnAt ? c.withdrawnAt.toISOString() : null,
          ...(c.withdrawalReason ? { withdrawnReason: c.withdrawalReason } : {}),
        })),
      };
    });
  }

  /** Level and score per assessment; the answers stay in the file read (its latest only). */
  async riskAssessments(actor: Actor, id: string): Promise<RiskAssessmentHistoryDto> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const assessments = await this.history.riskAssessmentsOf(m, id);
      await this.file.record(m, actor, id, 'case.risk_assessments_read');
      const names = await this.directory.workNamesOf(assessments.map((a) => a.assessedBy));
      return {
        items: assessments.map((a) => ({
          ...a,
          assessedAt: a.assessedAt.toISOString(),
          assessedByName: names.get(a.assessedBy)?.displayName ?? null,
        })),
      };
    });
  }

  /** The transitions with their reason codes; the free-text reasons are not read (the file shows none). */
  async statusHistory(actor: Actor, id: string): Promise<StatusHistoryDto> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const transitions = await this.transitions.historyOf(m, id);
      await this.file.record(m, actor, id, 'case.status_history_read');
      const ids = transitions.map((t) => t.actorId).filter((v): v is string => v !== null);
      const names = await this.directory.workNamesOf(ids);
      return {
        items: transitions.map((t) => ({
          from: t.from,
          to: t.to,
          at: t.at.toISOString(),
          byId: t.actorId,
          byName: t.actorId ? (names.get(t.actorId)?.displayName ?? null) : null,
          reasonCode: t.reasonCode,
        })),
      };
    });
  }
}
