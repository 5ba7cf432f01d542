import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoService } from '../../platform/crypto';
import { Actor } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { IdentityDirectoryService } from '../identity';
import { accessRecordOf, CaseRecord, loadCase } from './case-record';
import { enc } from './cases.crypto';
import { ConsentHistoryDto, RiskAssessmentHistoryDto, StatusHistoryDto } from './dto/case-history.dto';

/**
 * The file's histories for the counsellor's screens: every consent (withdrawn too), every risk
 * assessment, every workflow transition. Each read is decided as the file read (case.read, a refusal
 * answers 404) and audited against the case in the same transaction, as the file read is.
 */
@Injectable()
export class CaseHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly directory: IdentityDirectoryService,
  ) {}

  async consents(actor: Actor, id: string): Promise<ConsentHistoryDto> {
    const row = await this.guard(actor, id);
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<
        {
          id: string;
          purpose: string;
          given_by: string;
          method: string;
          provider_types: string[];
          provider_ids: string[];
          shared_fields: string[];
          given_at: Date;
          recorded_by: string;
          withdrawn_at: Date | null;
          withdrawal_reason_enc: string | null;
        }[]
      >(
        `SELECT id, purpose, given_by, method, provider_types, provider_ids, shared_fields, given_at, recorded_by,
                withdrawn_at, withdrawal_reason_enc
           FROM consents WHERE case_id = $1 ORDER BY given_at DESC, id DESC`,
        [id],
      );
      await this.record(m, actor, row, 'case.consents_read');
      const names = await this.directory.workNamesOf(rows.map((r) => r.recorded_by));
      return {
        items: rows.map((r) => {
          const reason = this.crypto.decryptOptional(
            r.withdrawal_reason_enc,
            enc('consents', 'withdrawal_reason_enc'),
          );
          return {
            id: r.id,
            purpose: r.purpose,
            givenBy: r.given_by,
            method: r.method,
            providerTypes: r.provider_types,
            providerIds: r.provider_ids,
            sharedFields: r.shared_fields,
            givenAt: r.given_at.toISOString(),
            recordedBy: r.recorded_by,
            recordedByName: names.get(r.recorded_by)?.displayName ?? null,
            withdrawnAt: r.withdrawn_at ? r.withdrawn_at.toISOString() : null,
            ...(reason ? { withdrawnReason: reason } : {}),
          };
        }),
      };
    });
  }

  /** Level and score per assessment; the answers stay in the file read (its latest only). */
  async riskAssessments(actor: Actor, id: string): Promise<RiskAssessmentHistoryDto> {
    const row = await this.guard(actor, id);
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<
        { id: string; level: string; score: number; assessed_at: Date; assessed_by: string }[]
      >(
        `SELECT id, level, score, assessed_at, assessed_by FROM risk_assessments
          WHERE case_id = $1 ORDER BY assessed_at DESC, id DESC`,
        [id],
      );
      await this.record(m, actor, row, 'case.risk_assessments_read');
      const names = await this.directory.workNamesOf(rows.map((r) => r.assessed_by));
      return {
        items: rows.map((r) => ({
          id: r.id,
          level: r.level,
          score: r.score,
          assessedAt: r.assessed_at.toISOString(),
          assessedBy: r.assessed_by,
          assessedByName: names.get(r.assessed_by)?.displayName ?? null,
        })),
      };
    });
  }

  /** The transitions with their reason codes; the free-text reasons are not read (the file shows none). */
  async statusHistory(actor: Actor, id: string): Promise<StatusHistoryDto> {
    const row = await this.guard(actor, id);
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<
        {
          from_status: string | null;
          to_status: string;
          at: Date;
          actor_id: string | null;
          reason_code: string | null;
        }[]
      >(
        `SELECT from_status, to_status, at, actor_id, reason_code FROM case_transitions
          WHERE case_id = $1 ORDER BY at DESC, id DESC`,
        [id],
      );
      await this.record(m, actor, row, 'case.status_history_read');
      const ids = rows.map((r) => r.actor_id).filter((v): v is string => v !== null);
      const names = await this.directory.workNamesOf(ids);
      return {
        items: rows.map((r) => ({
          from: r.from_status,
          to: r.to_status,
          at: r.at.toISOString(),
          byId: r.actor_id,
          byName: r.actor_id ? (names.get(r.actor_id)?.displayName ?? null) : null,
          reasonCode: r.reason_code,
        })),
      };
    });
  }

  private async guard(actor: Actor, id: string): Promise<CaseRecord> {
    const row = await loadCase(this.dataSource.manager, id);
    await this.access.assert(actor.user, 'case.read', accessRecordOf(row), { actor });
    return row;
  }

  private async record(m: EntityManager, actor: Actor, row: CaseRecord, action: string): Promise<void> {
    await this.audit.record(m, {
      action,
      actor: actor.user,
      entityType: 'case',
      entityId: row.id,
      caseId: row.id,
      requestId: actor.requestId,
    });
  }
}
