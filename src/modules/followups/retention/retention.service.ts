import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { ENV, Env } from '../../../platform/config';
import { PINO } from '../../../platform/logging';
import { AssessmentRetentionService } from '../../assessments';
import { AuditService } from '../../audit';
import { CaseRetentionService, RetentionDueCase } from '../../cases';
import { DocumentRetentionService } from '../../documents';
import { ReferralRetentionService } from '../../referrals';
import { FollowUpRepository } from '../follow-up.repository';
import { RetentionParticipants } from './retention-participants';

/** Cases looked at per query; each is then anonymised in its own transaction. */
const BATCH_SIZE = 100;

export interface RetentionRunOptions {
  /** List what is due and change nothing. */
  dryRun?: boolean;
  /** At most this many cases (all that are due when absent). */
  limit?: number;
  /** The clock, for tests. */
  now?: Date;
}

export interface RetentionRunResult {
  dryRun: boolean;
  retentionDays: number;
  closedBefore: Date;
  /** Cases due in all when the run started. */
  due: number;
  /** The cases handled (dry run: the ones that would be), ids and references only. */
  cases: RetentionDueCase[];
  anonymised: number;
  /** Due cases another worker held at that moment (it anonymises them). */
  skipped: number;
}

/**
 * Retention (docs/DESIGN.md §7): cases closed more than RETENTION_CLOSED_DAYS ago lose their personal data.
 * Each module destroys its own through its exported service, all in one transaction per case with the case
 * row locked (FOR UPDATE SKIP LOCKED, so two workers never collide), with a 'case.anonymised' audit row.
 * Follow-ups are this module's: their notes are erased (FOLLOW_UP_DATA) and the open ones are cancelled.
 */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ENV) private readonly env: Env,
    @Inject(PINO) private readonly logger: Logger,
    private readonly cases: CaseRetentionService,
    private readonly referrals: ReferralRetentionService,
    private readonly documents: DocumentRetentionService,
    private readonly audit: AuditService,
    private readonly followUps: FollowUpRepository,
    private readonly participants: RetentionParticipants,
    private readonly assessments: AssessmentRetentionService,
  ) {}

  async run(opts: RetentionRunOptions = {}): Promise<RetentionRunResult> {
    const retentionDays = this.env.RETENTION_CLOSED_DAYS;
    const closedBefore = new Date((opts.now ?? new Date()).getTime() - retentionDays * 86_400_000);
    const limit = opts.limit ?? Number.POSITIVE_INFINITY;
    const manager = this.dataSource.manager;
    const due = await this.cases.countDue(manager, closedBefore);
    const result: RetentionRunResult = {
      dryRun: opts.dryRun === true,
      retentionDays,
      closedBefore,
      due,
      cases: [],
      anonymised: 0,
      skipped: 0,
    };
    if (opts.dryRun) {
      result.cases = await this.cases.findDue(manager, {
        closedBefore,
        limit: Math.min(limit, due),
      });
      return result;
    }
    const seen: string[] = [];
    while (result.anonymised < limit) {
      const batch = await this.cases.findDue(manager, {
        closedBefore,
        limit: Math.min(BATCH_SIZE, limit - result.anonymised),
        excludeIds: seen,
      });
      if (batch.length === 0) break;
      for (const c of batch) {
        seen.push(c.id);
        const done = await this.dataSource.transaction((m) => this.anonymiseOne(m, c.id, closedBefore));
        if (done) {
          result.anonymised += 1;
          result.cases.push(done);
        } else {
          result.skipped += 1;
        }
      }
    }
    this.logger.info(
      { part: 'retention', due, anonymised: result.anonymised, skipped: result.skipped, retentionDays },
      'retention run finished',
    );
    return result;
  }

  /** One case, in the caller's transaction: null when it is no longer due or another worker holds it. */
  private async anonymiseOne(
    m: EntityManager,
    caseId: string,
    closedBefore: Date,
  ): Promise<RetentionDueCase | null> {
    const locked = await this.cases.lockDue(m, caseId, closedBefore);
    if (!locked) return null;
    await this.cases.anonymise(m, caseId);
    await this.referrals.anonymiseCase(m, caseId);
    await this.documents.destroyForCase(m, caseId);
    await this.followUps.eraseForCase(m, caseId);
    await this.participants.eraseForCase(m, caseId);
    await this.assessments.eraseForCase(m, caseId);
    await this.audit.record(m, {
      action: 'case.anonymised',
      actor: null,
      entityType: 'case',
      entityId: caseId,
      caseId,
      reasonCode: 'retention',
    });
    return locked;
  }
}
