import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService } from '../../platform/idempotency';
import { OutboxService } from '../../platform/outbox';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseClosure, CaseSharingService } from '../cases';
import { DirectoryService } from '../directory';
import {
  assertReason,
  completionDay,
  END_STATES,
  hasFreeBed,
  moveReferral,
  ReferralSide,
  ReferralState,
} from './domain/referral-workflow';
import { CompleteReferralDto, ReferralStepDto } from './dto/referral.dto';
import { loadReferral, referralAccessRecord, ReferralRow, stateOf } from './referral-record';
import { REFERRALS_CONFIG, ReferralsConfig } from './referrals.config';
import { enc } from './referrals.crypto';
import './referrals.errors';

/** The step a route asks for. */
export type ReferralStep =
  | { kind: 'accept' }
  | { kind: 'decline'; reasonText: string }
  | { kind: 'start' }
  | { kind: 'complete'; dto: CompleteReferralDto }
  | { kind: 'cancel'; reasonText: string };

const TARGET: Record<Exclude<ReferralStep['kind'], 'complete'>, ReferralState> = {
  accept: 'accepted',
  decline: 'declined',
  start: 'in_service',
  cancel: 'cancelled',
};

/**
 * The steps of a referral after `sent` (docs/DESIGN.md §4): the provider's staff accept, decline, start and
 * complete; the referrer cancels an unanswered one. Each step locks the referral's row, checks the
 * workflow, writes a transition (reason encrypted), the audit row and a referral.status_changed event,
 * and bumps the version, in one transaction. Safe houses: accepting holds a bed under the provider's row
 * lock (no over-booking), starting opens the stay, completing discharges it.
 */
@Injectable()
export class ReferralMovesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REFERRALS_CONFIG) private readonly config: ReferralsConfig,
    private readonly catalogues: CatalogueService,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly cases: CaseSharingService,
    private readonly directory: DirectoryService,
  ) {}

  async step(
    actor: Actor,
    id: string,
    step: ReferralStep,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: ReferralStepDto }> {
    const before = await loadReferral(this.dataSource.manager, id);
    const side: ReferralSide = step.kind === 'cancel' ? 'referrer' : 'provider';
    if (side === 'referrer') {
      const facts = await this.cases.caseFacts(before.case_id);
      await this.access.assert(actor.user, 'case.refer', facts.access, { actor });
    } else {
      await this.access.assert(actor.user, 'referral.respond', referralAccessRecord(before), { actor });
    }
    const to = step.kind === 'complete' ? step.dto.outcome : TARGET[step.kind];
    const reasonText =
      step.kind === 'complete' ? step.dto.reasonText : 'reasonText' in step ? step.reasonText : undefined;
    assertReason(to, reasonText);
    if (step.kind === 'complete' && step.dto.outcome === 'completed') {
      (step.dto.servicesProvided ?? []).forEach((s, i) => {
        this.key('services', s, `servicesProvided.${i}`);
      });
    }
    const provider = await this.directory.providerFacts(before.provider_id);
    if (!provider) throw new Error(`referral ${id} names a provider that does not exist`);
    const body = step.kind === 'complete' ? step.dto : 'reasonText' in step ? { reasonText } : {};
    return this.dataSource.transaction(async (m) => {
      const result = await this.idempotency.run(
        m,
        {
          scope: actor.user.id,
          route: `POST /api/v1/referrals/${id}/${step.kind}`,
          key: idempotencyKey,
          body,
        },
        async () => {
          // Acceptances into one safe house queue on its row (taken first, before the referral's),
          // so the count of held and occupied beds below cannot be overtaken.
          const counted = to === 'accepted' && provider.capacity !== null;
          const locked = counted ? await this.directory.lockForAdmission(m, provider.id) : provider;
          const row = await loadReferral(m, id, true);
          const from = stateOf(row);
          moveReferral(from, to, side);
          if (counted && locked) await this.assertFreeBed(m, provider.id, provider.type, locked.capacity);
          const done = await this.apply(m, actor, row, from, to, step, reasonText, provider.type);
          return { statusCode: 200, body: done };
        },
      );
      return { statusCode: result.statusCode, body: result.body };
    });
  }

  /**
   * The case's closure cancels its unanswered referrals with the closure's reason, as the referrer's
   * cancel would (transition, audit, referral.status_changed), in the closure's transaction.
   */
  async cancelForClosure(m: EntityManager, closure: CaseClosure): Promise<number> {
    const sent = await m.query<{ id: string }[]>(
      `SELECT id FROM referrals WHERE case_id = $1 AND status = 'sent' ORDER BY sent_at, id FOR UPDATE`,
      [closure.caseId],
    );
    for (const { id } of sent) {
      const row = await loadReferral(m, id, true);
      const reasonText = closure.reasonText;
      moveReferral(stateOf(row), 'cancelled', 'referrer');
      const step = { kind: 'cancel' as const, reasonText };
      await this.apply(m, closure.actor, row, 'sent', 'cancelled', step, reasonText, '', closure.reasonCode);
    }
    return sent.length;
  }

  /** 409 NO_CAPACITY naming the provider's own type (a trusted address is no safe house) in both languages. */
  private async assertFreeBed(
    m: EntityManager,
    providerId: string,
    providerType: string,
    capacity: number | null,
  ): Promise<void> {
    const [c] = await m.query<{ held: number; occupied: number }[]>(
      `SELECT (SELECT count(*)::int FROM referrals WHERE provider_id = $1 AND status = 'accepted') AS held,
              (SELECT count(*)::int FROM stays WHERE provider_id = $1 AND discharged_at IS NULL) AS occupied`,
      [providerId],
    );
    if (hasFreeBed(capacity, c?.held ?? 0, c?.occupied ?? 0)) return;
    const type = this.catalogues.get('organization-types')?.items.find((i) => i.key === providerType);
    throw new DomainError(
      'NO_CAPACITY',
      { type: providerType, type_vi: type?.vi ?? providerType, type_en: type?.en ?? providerType },
      { providerType },
    );
  }

  private async apply(
    m: EntityManager,
    actor: Actor,
    row: ReferralRow,
    from: ReferralState,
    to: ReferralState,
    step: ReferralStep,
    reasonText: string | undefined,
    providerType: string,
    /** The case's closure reason (closure-reasons key), which the provider sees; null for a person's step. */
    reasonCode: string | null = null,
  ): Promise<ReferralStepDto> {
    const now = new Date();
    const sets: string[] = ['status = $2', 'version = version + 1', 'updated_at = $3'];
    const params: unknown[] = [row.id, to, now];
    const set = (sql: string, value: unknown): void => {
      params.push(value);
      sets.push(sql.replace('?', `$${params.length}`));
    };
    if (from === 'sent' && (to === 'accepted' || to === 'declined')) {
      set('responded_at = ?', now);
      set('responded_by = ?', actor.user.id);
    }
    if (to === 'in_service') set('started_at = ?', now);
    if (END_STATES.includes(to)) set('ended_at = ?', now);
    if (step.kind === 'complete' && to === 'completed') {
      const provided = step.dto.servicesProvided ?? row.services;
      set('services_provided = ?', [...new Set(provided)]);
      set('completed_on = ?', completionDay(step.dto.completedOn, row.sent_at, now));
    }
    const [updated] = await m.query<{ version: number }[]>(
      `WITH u AS (UPDATE referrals SET ${sets.join(', ')} WHERE id = $1 RETURNING version)
       SELECT version FROM u`,
      params,
    );
    await m.query(
      `INSERT INTO referral_transitions (referral_id, from_status, to_status, actor_id, at, reason_text_enc,
                                         reason_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row.id,
        from,
        to,
        actor.user.id,
        now,
        reasonText ? this.crypto.encrypt(reasonText, enc('referral_transitions', 'reason_text_enc')) : null,
        reasonCode,
      ],
    );
    const stayId = await this.stay(m, actor, row, from, to, providerType, now);
    await this.audit.record(m, {
      action: `referral.${to}`,
      actor: actor.user,
      entityType: 'referral',
      entityId: row.id,
      caseId: row.case_id,
      reasonCode: `${from}_to_${to}`,
      ...(reasonText ? { reasonText } : {}),
      requestId: actor.requestId,
    });
    await this.outbox.write(m, 'referral.status_changed', {
      referralId: row.id,
      caseId: row.case_id,
      reference: row.reference,
      referringOrganizationId: row.referring_organization_id,
      referredBy: row.referred_by,
      status: to,
    });
    return {
      id: row.id,
      status: to,
      version: updated?.version ?? row.version + 1,
      ...(stayId ? { stayId } : {}),
    };
  }

  /** Start opens the stay of a provider that admits people; leaving in_service discharges it. */
  private async stay(
    m: EntityManager,
    actor: Actor,
    row: ReferralRow,
    from: ReferralState,
    to: ReferralState,
    providerType: string,
    now: Date,
  ): Promise<string | undefined> {
    if (to === 'in_service' && this.config.stayTypes.includes(providerType)) {
      const [stay] = await m.query<{ id: string }[]>(
        `INSERT INTO stays (referral_id, case_id, reference, provider_id, organization_id, admitted_at,
                            admitted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          row.id,
          row.case_id,
          row.reference,
          row.provider_id,
          row.recipient_organization_id,
          now,
          actor.user.id,
        ],
      );
      if (!stay) throw new Error('stay not written');
      await this.audit.record(m, {
        action: 'stay.admitted',
        actor: actor.user,
        entityType: 'stay',
        entityId: stay.id,
        caseId: row.case_id,
        requestId: actor.requestId,
      });
      return stay.id;
    }
    if (from === 'in_service') {
      const discharged = await m.query<{ id: string }[]>(
        `UPDATE stays SET discharged_at = $2, discharged_by = $3
          WHERE referral_id = $1 AND discharged_at IS NULL RETURNING id`,
        [row.id, now, actor.user.id],
      );
      for (const s of discharged) {
        await this.audit.record(m, {
          action: 'stay.discharged',
          actor: actor.user,
          entityType: 'stay',
          entityId: s.id,
          caseId: row.case_id,
          reasonCode: to,
          requestId: actor.requestId,
        });
      }
    }
    return undefined;
  }

  private key(catalogue: string, value: string, field: string): void {
    if (this.catalogues.has(catalogue, value)) return;
    const allowed = this.catalogues.keys(catalogue);
    throw new DomainError('UNKNOWN_CATALOGUE_KEY', { field, allowed: allowed.join(', ') }, { allowed });
  }
}
