import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
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
import { referralAccessRecord, stateOf } from './referral-record';
import { REFERRALS_CONFIG, ReferralsConfig } from './referrals.config';
import './referrals.errors';
import { ReferralTransitionRepository } from './repositories/referral-transition.repository';
import { ReferralFacts, ReferralMove, ReferralRepository } from './repositories/referral.repository';
import { StayRepository } from './repositories/stay.repository';

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
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly cases: CaseSharingService,
    private readonly directory: DirectoryService,
    private readonly referrals: ReferralRepository,
    private readonly transitions: ReferralTransitionRepository,
    private readonly stays: StayRepository,
  ) {}

  async step(actor: Actor, id: string, step: ReferralStep, cmd: IdempotentCommand): Promise<ReferralStepDto> {
    const before = await this.referrals.get(this.dataSource.manager, id);
    const side: ReferralSide = step.kind === 'cancel' ? 'referrer' : 'provider';
    if (side === 'referrer') {
      const facts = await this.cases.caseFacts(before.caseId);
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
        this.catalogues.assertKey('services', s, `servicesProvided.${i}`);
      });
    }
    const provider = await this.directory.providerFacts(before.providerId);
    if (!provider) throw new Error(`referral ${id} names a provider that does not exist`);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        // Acceptances into one safe house queue on its row (taken first, before the referral's),
        // so the count of held and occupied beds below cannot be overtaken.
        const counted = to === 'accepted' && provider.capacity !== null;
        const locked = counted ? await this.directory.lockForAdmission(m, provider.id) : provider;
        const row = await this.referrals.get(m, id, { lock: true });
        const from = stateOf(row);
        moveReferral(from, to, side);
        if (counted && locked) await this.assertFreeBed(m, provider.id, provider.type, locked.capacity);
        return this.apply(m, actor, row, from, to, step, reasonText, provider.type);
      }),
    );
  }

  /**
   * The case's closure cancels its unanswered referrals with the closure's reason, as the referrer's
   * cancel would (transition, audit, referral.status_changed), in the closure's transaction.
   */
  async cancelForClosure(m: EntityManager, closure: CaseClosure): Promise<number> {
    const sent = await this.referrals.lockSentOfCase(m, closure.caseId);
    for (const id of sent) {
      const row = await this.referrals.get(m, id, { lock: true });
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
    const beds = await this.stays.bedsOf(m, providerId);
    if (hasFreeBed(capacity, beds.held, beds.occupied)) return;
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
    row: ReferralFacts,
    from: ReferralState,
    to: ReferralState,
    step: ReferralStep,
    reasonText: string | undefined,
    providerType: string,
    /** The case's closure reason (closure-reasons key), which the provider sees; null for a person's step. */
    reasonCode: string | null = null,
  ): Promise<ReferralStepDto> {
    const now = new Date();
    const move: ReferralMove = { status: to, at: now };
    if (from === 'sent' && (to === 'accepted' || to === 'declined')) move.respondedBy = actor.user.id;
    if (to === 'in_service') move.started = true;
    if (END_STATES.includes(to)) move.ended = true;
    if (step.kind === 'complete' && to === 'completed') {
      move.servicesProvided = [...new Set(step.dto.servicesProvided ?? row.services)];
      move.completedOn = completionDay(step.dto.completedOn, row.sentAt, now);
    }
    const version = await this.referrals.move(m, row.id, move);
    await this.transitions.insert(m, {
      referralId: row.id,
      fromStatus: from,
      toStatus: to,
      actorId: actor.user.id,
      at: now,
      reasonCode,
      reasonText,
    });
    const stayId = await this.stay(m, actor, row, from, to, providerType, now);
    await this.audit.record(m, {
      action: `referral.${to}`,
      actor: actor.user,
      entityType: 'referral',
      entityId: row.id,
      caseId: row.caseId,
      reasonCode: `${from}_to_${to}`,
      ...(reasonText ? { reasonText } : {}),
      requestId: actor.requestId,
    });
    await this.outbox.write(m, 'referral.status_changed', {
      referralId: row.id,
      caseId: row.caseId,
      reference: row.reference,
      referringOrganizationId: row.referringOrganizationId,
      referredBy: row.referredBy,
      status: to,
    });
    return {
      id: row.id,
      status: to,
      version,
      ...(stayId ? { stayId } : {}),
    };
  }

  /** Start opens the stay of a provider that admits people; leaving in_service discharges it. */
  private async stay(
    m: EntityManager,
    actor: Actor,
    row: ReferralFacts,
    from: ReferralState,
    to: ReferralState,
    providerType: string,
    now: Date,
  ): Promise<string | undefined> {
    if (to === 'in_service' && this.config.stayTypes.includes(providerType)) {
      const stayId = await this.stays.admit(m, {
        referralId: row.id,
        caseId: row.caseId,
        reference: row.reference,
        providerId: row.providerId,
        organizationId: row.recipientOrganizationId,
        admittedAt: now,
        admittedBy: actor.user.id,
      });
      await this.audit.record(m, {
        action: 'stay.admitted',
        actor: actor.user,
        entityType: 'stay',
        entityId: stayId,
        caseId: row.caseId,
        requestId: actor.requestId,
      });
      return stayId;
    }
    if (from === 'in_service') {
      const discharged = await this.stays.dischargeOfReferral(m, row.id, now, actor.user.id);
      for (const stayId of discharged) {
        await this.audit.record(m, {
          action: 'stay.discharged',
          actor: actor.user,
          entityType: 'stay',
          entityId: stayId,
          caseId: row.caseId,
          reasonCode: to,
          requestId: actor.requestId,
        });
      }
    }
    return undefined;
  }
}
