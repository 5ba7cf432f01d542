import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { OutboxService } from '../../platform/outbox';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService, SharingConsent } from '../cases';
import { DirectoryService } from '../directory';
import type { ProviderFacts } from '../directory';
import { checkNamedConsent, dueByOf, newestCovering, OPEN_STATES } from './domain/referral-workflow';
import { CreatedReferralDto, CreateReferralDto } from './dto/referral.dto';
import { REFERRALS_CONFIG, ReferralsConfig } from './referrals.config';
import './referrals.errors';
import { ReferralTransitionRepository } from './repositories/referral-transition.repository';
import { ReferralRepository } from './repositories/referral.repository';

/** The consent decided for a referral: the covering one, or none under an emergency override. */
type Coverage = { consent: SharingConsent; override: null } | { consent: null; override: string };

/**
 * Sending a referral from a case (docs/DESIGN.md §4): the provider must exist, take referrals and offer the
 * services; a consent of the case must cover the provider, unless an emergency override sends it
 * without one (audited, reviewed). Everything of the sending is one transaction.
 */
@Injectable()
export class ReferralsService {
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
  ) {}

  async send(
    actor: Actor,
    caseId: string,
    dto: CreateReferralDto,
    cmd: IdempotentCommand,
  ): Promise<CreatedReferralDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.refer', facts.access, { actor });
    this.checkInput(dto);
    const provider = await this.directory.providerFacts(dto.providerId);
    this.checkProvider(provider, dto.services);
    const coverage = await this.coverage(caseId, provider, dto);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, () => this.insert(m, actor, caseId, provider, dto, coverage)),
    );
  }

  /** Keys of the catalogues, and an override only for an emergency, with a reason long enough. */
  private checkInput(dto: CreateReferralDto): void {
    dto.services.forEach((s, i) => {
      this.catalogues.assertKey('services', s, `services.${i}`);
    });
    this.catalogues.assertKey('referral-urgencies', dto.urgency, 'urgency');
    if (!dto.emergencyOverride) return;
    if (dto.urgency !== 'emergency') {
      throw new DomainError('REFERRAL_OVERRIDE_NOT_EMERGENCY', { field: 'emergencyOverride' });
    }
    if (dto.consentId !== undefined) {
      throw new DomainError('VALIDATION_FAILED', { fields: 'consentId, emergencyOverride' }, [
        {
          field: 'consentId',
          problems: ['consentId and emergencyOverride exclude each other: an override sends without consent'],
        },
      ]);
    }
    const min = this.config.emergencyReasonMinLength;
    if (dto.emergencyOverride.reasonText.trim().length < min) {
      throw new DomainError('REFERRAL_OVERRIDE_REASON_TOO_SHORT', {
        field: 'emergencyOverride.reasonText',
        min,
      });
    }
  }

  private checkProvider(
    provider: ProviderFacts | null,
    services: readonly string[],
  ): asserts provider is ProviderFacts {
    if (!provider) throw new DomainError('REFERRAL_PROVIDER_UNKNOWN', { field: 'providerId' });
    if (!provider.acceptingReferrals) {
      throw new DomainError('PROVIDER_NOT_ACCEPTING', { field: 'providerId' });
    }
    const missing = services.filter((s) => !provider.services.includes(s));
    if (missing.length > 0) {
      throw new DomainError(
        'REFERRAL_SERVICE_NOT_OFFERED',
        { field: 'services', services: missing.join(', ') },
        { notOffered: missing, offered: provider.services },
      );
    }
  }

  /**
   * The consent named (checked) or the newest covering one; none → CONSENT_REQUIRED unless an override.
   * An override is only used when no consent covers the provider: a counsellor in an emergency may not
   * know that one exists, and then the provider sees what the survivor agreed to share and no review is due.
   */
  private async coverage(caseId: string, provider: ProviderFacts, dto: CreateReferralDto): Promise<Coverage> {
    if (dto.emergencyOverride) {
      const covering = newestCovering(await this.cases.referralConsents(caseId), provider);
      if (covering) return { consent: covering, override: null };
      return { consent: null, override: dto.emergencyOverride.reasonText };
    }
    if (dto.consentId !== undefined) {
      const named = await this.cases.consent(dto.consentId);
      return { consent: checkNamedConsent(named, caseId, provider), override: null };
    }
    const found = newestCovering(await this.cases.referralConsents(caseId), provider);
    if (!found) throw new DomainError('CONSENT_REQUIRED', { field: 'consentId' });
    return { consent: found, override: null };
  }

  private async insert(
    m: EntityManager,
    actor: Actor,
    caseId: string,
    provider: ProviderFacts,
    dto: CreateReferralDto,
    coverage: Coverage,
  ): Promise<CreatedReferralDto> {
    // The case's row lock serialises sendings from one case: the double-click check below then sees
    // the first referral before the second is written.
    const facts = await this.cases.caseFacts(caseId, { manager: m, lock: true });
    if (coverage.consent) {
      // The consent may have been withdrawn since it was read: checked again under the lock.
      const fresh = await this.cases.consent(coverage.consent.id, m);
      checkNamedConsent(fresh, caseId, provider);
    }
    const open = await this.referrals.findOpenOverlapping(m, {
      caseId,
      providerId: provider.id,
      states: OPEN_STATES,
      services: dto.services,
    });
    if (open) {
      throw new DomainError('REFERRAL_ALREADY_OPEN', { field: 'services' }, { referralId: open });
    }
    const sentAt = new Date();
    const dueBy = dueByOf(sentAt, dto.urgency, this.config.dueHours);
    const override = coverage.override;
    const id = await this.referrals.insert(m, {
      caseId,
      reference: facts.reference,
      referringOrganizationId: facts.organizationId,
      referredBy: actor.user.id,
      providerId: provider.id,
      recipientOrganizationId: provider.organizationId,
      services: [...new Set(dto.services)],
      urgency: dto.urgency,
      consentId: coverage.consent?.id ?? null,
      emergencyOverrideReason: override,
      note: dto.note,
      sentAt,
      dueBy,
    });
    await this.transitions.insert(m, {
      referralId: id,
      fromStatus: null,
      toStatus: 'sent',
      actorId: actor.user.id,
      at: sentAt,
      reasonCode: override === null ? null : 'emergency_override',
      reasonText: undefined,
    });
    await this.audit.record(m, {
      action: 'referral.sent',
      actor: actor.user,
      entityType: 'referral',
      entityId: id,
      caseId,
      reasonCode: dto.urgency,
      requestId: actor.requestId,
    });
    await this.directory.addReferringOrganization(m, provider.id, facts.organizationId);
    const due = dueBy.toISOString();
    if (override !== null) {
      await this.audit.record(m, {
        action: 'referral.emergency_override',
        actor: actor.user,
        entityType: 'referral',
        entityId: id,
        caseId,
        reasonCode: 'emergency_override',
        reasonText: override,
        requestId: actor.requestId,
      });
      await this.outbox.write(m, 'referral.emergency_override', {
        referralId: id,
        caseId,
        organizationId: facts.organizationId,
        reference: facts.reference,
        referredBy: actor.user.id,
        dueBy: due,
      });
    }
    await this.outbox.write(m, 'referral.sent', {
      referralId: id,
      caseId,
      reference: facts.reference,
      providerId: provider.id,
      recipientOrganizationId: provider.organizationId,
      referringOrganizationId: facts.organizationId,
      urgency: dto.urgency,
      emergencyOverride: override !== null,
      dueBy: due,
    });
    return {
      id,
      status: 'sent',
      dueBy: due,
      reference: facts.reference,
      sentAt: sentAt.toISOString(),
      consentId: coverage.consent?.id ?? null,
      emergencyOverride: override !== null,
    };
  }
}
