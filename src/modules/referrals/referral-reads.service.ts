import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import { DirectoryService } from '../directory';
import {
  ProviderReferralViewDto,
  ReferralHistoryDto,
  ReferrerReferralListDto,
  ReferrerReferralViewDto,
} from './dto/referral.dto';
import { referralAccessRecord } from './referral-record';
import './referrals.errors';
import {
  ReferralTransition,
  ReferralTransitionRepository,
} from './repositories/referral-transition.repository';
import { Referral, ReferralRepository } from './repositories/referral.repository';

const historyDto = (t: ReferralTransition): ReferralHistoryDto => ({
  from: t.fromStatus,
  to: t.toStatus,
  actorId: t.actorId,
  at: t.at.toISOString(),
  reasonCode: t.reasonCode,
  ...(t.reasonText !== undefined ? { reasonText: t.reasonText } : {}),
});

/**
 * The reads of a referral (docs/DESIGN.md §4): the provider's view with exactly the consented survivor
 * fields (read through the consent at each request, so a withdrawal hides them at once; each read that
 * shows one is audited against the case), and the referring side's view of one or of the case's all.
 */
@Injectable()
export class ReferralReadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cases: CaseSharingService,
    private readonly directory: DirectoryService,
    private readonly referrals: ReferralRepository,
    private readonly transitions: ReferralTransitionRepository,
  ) {}

  /** The provider's view when referral.read allows; else the referrer's when case.read_referrals does; else 404. */
  async get(actor: Actor, id: string): Promise<ProviderReferralViewDto | ReferrerReferralViewDto> {
    const row = await this.referrals.get(this.dataSource.manager, id);
    if ((await this.access.can(actor.user, 'referral.read', referralAccessRecord(row))) === 'allow') {
      return this.providerView(actor, row);
    }
    const facts = await this.cases.caseFacts(row.caseId);
    await this.access.assert(actor.user, 'case.read_referrals', facts.access, { actor });
    return this.dataSource.transaction(async (m) => {
      const [view] = await this.referrerViews(m, [row]);
      await this.audit.record(m, {
        action: 'referral.read',
        actor: actor.user,
        entityType: 'referral',
        entityId: row.id,
        caseId: row.caseId,
        requestId: actor.requestId,
      });
      if (!view) throw new Error('referral view not built');
      return view;
    });
  }

  private async providerView(actor: Actor, row: Referral): Promise<ProviderReferralViewDto> {
    return this.dataSource.transaction(async (m) => {
      const consent = row.consentId ? await this.cases.consent(row.consentId, m) : null;
      const consented = consent !== null && consent.withdrawnAt === null && consent.caseId === row.caseId;
      const fields = consented ? consent.sharedFields : [];
      // The referrer's note speaks of the survivor: it goes with the consent, like the survivor's fields
      // (an emergency referral, made without a consent, keeps it).
      const noteShown = row.consentId === null || consented;
      const survivor = (await this.cases.sharedFields(row.caseId, fields, m)) as Record<string, unknown>;
      const names = await this.directory.namesOf([row.providerId], m);
      const history = await this.transitions.historyOf(m, [row.id], false);
      const shown = Object.keys(survivor);
      if (shown.length > 0) {
        // The case's access log lists the provider's reads of the survivor's fields (docs/DESIGN.md §3).
        await this.audit.record(m, {
          action: 'referral.read_shared',
          actor: actor.user,
          entityType: 'referral',
          entityId: row.id,
          caseId: row.caseId,
          reasonCode: shown.sort().join(','),
          requestId: actor.requestId,
        });
      }
      return {
        id: row.id,
        reference: row.reference,
        status: row.status,
        services: row.services,
        urgency: row.urgency,
        note: noteShown ? row.note : null,
        dueBy: row.dueBy.toISOString(),
        survivor,
        sentAt: row.sentAt.toISOString(),
        provider: { id: row.providerId, name: names.get(row.providerId) ?? null },
        history: (history.get(row.id) ?? []).map(historyDto),
      };
    });
  }

  /** The case's referrals, newest first, as the referring side sees them; the read is audited. */
  async listForCase(actor: Actor, caseId: string): Promise<ReferrerReferralListDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.read_referrals', facts.access, { actor });
    return this.dataSource.transaction(async (m) => {
      const rows = await this.referrals.listForCase(m, caseId);
      await this.audit.record(m, {
        action: 'case.referrals_read',
        actor: actor.user,
        entityType: 'case',
        entityId: caseId,
        caseId,
        requestId: actor.requestId,
      });
      return { items: await this.referrerViews(m, rows) };
    });
  }

  /** The referring side's view: the free texts and the steps' reasons. */
  private async referrerViews(m: EntityManager, rows: Referral[]): Promise<ReferrerReferralViewDto[]> {
    const names = await this.directory.namesOf(
      rows.map((r) => r.providerId),
      m,
    );
    const history = await this.transitions.historyOf(
      m,
      rows.map((r) => r.id),
      true,
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      reference: r.reference,
      provider: { id: r.providerId, name: names.get(r.providerId) ?? null },
      providerId: r.providerId,
      recipientOrganizationId: r.recipientOrganizationId,
      services: r.services,
      urgency: r.urgency,
      status: r.status,
      dueBy: r.dueBy.toISOString(),
      sentAt: r.sentAt.toISOString(),
      referredBy: r.referredBy,
      consentId: r.consentId,
      emergencyOverride: r.emergencyOverride,
      emergencyOverrideReason: r.emergencyOverrideReason,
      note: r.note,
      servicesProvided: r.servicesProvided,
      completedOn: r.completedOn,
      version: r.version,
      history: (history.get(r.id) ?? []).map(historyDto),
    }));
  }
}
