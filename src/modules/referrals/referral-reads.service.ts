import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoService } from '../../platform/crypto';
import { Actor, DomainError } from '../../platform/http';
import { decodeCursor, encodeCursor } from '../../platform/http/keyset';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import { DirectoryService } from '../directory';
import { occupancyOf } from './domain/referral-workflow';
import {
  ListReferralsQuery,
  ListStaysQuery,
  OccupancyDto,
  ProviderReferralViewDto,
  ReferralHistoryDto,
  ReferralListDto,
  ReferralSummaryDto,
  ReferrerReferralListDto,
  ReferrerReferralViewDto,
  StayListDto,
} from './dto/referral.dto';
import { loadReferral, REFERRAL_COLUMNS, referralAccessRecord, ReferralRow } from './referral-record';
import { enc } from './referrals.crypto';
import './referrals.errors';

interface TransitionRow {
  referral_id: string;
  from_status: string | null;
  to_status: string;
  actor_id: string;
  at: Date;
  reason_code: string | null;
  reason_text_enc: string | null;
}

const PAGE_DEFAULT = 50;

/**
 * The reads of referrals (docs/DESIGN.md §4): the provider's view with exactly the consented survivor fields
 * (read through the consent at each request, so a withdrawal hides them at once; each read that shows
 * one is audited against the case), the referring side's view, the boxes, occupancy and stays.
 */
@Injectable()
export class ReferralReadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cases: CaseSharingService,
    private readonly directory: DirectoryService,
  ) {}

  /** The provider's view when referral.read allows; else the referrer's when case.read_referrals does; else 404. */
  async get(actor: Actor, id: string): Promise<ProviderReferralViewDto | ReferrerReferralViewDto> {
    const row = await loadReferral(this.dataSource.manager, id);
    if ((await this.access.can(actor.user, 'referral.read', referralAccessRecord(row))) === 'allow') {
      return this.providerView(actor, row);
    }
    const facts = await this.cases.caseFacts(row.case_id);
    await this.access.assert(actor.user, 'case.read_referrals', facts.access, { actor });
    return this.dataSource.transaction(async (m) => {
      const [view] = await this.referrerViews(m, [row]);
      await this.audit.record(m, {
        action: 'referral.read',
        actor: actor.user,
        entityType: 'referral',
        entityId: row.id,
        caseId: row.case_id,
        requestId: actor.requestId,
      });
      if (!view) throw new Error('referral view not built');
      return view;
    });
  }

  private async providerView(actor: Actor, row: ReferralRow): Promise<ProviderReferralViewDto> {
    return this.dataSource.transaction(async (m) => {
      const consent = row.consent_id ? await this.cases.consent(row.consent_id, m) : null;
      const consented = consent !== null && consent.withdrawnAt === null && consent.caseId === row.case_id;
      const fields = consented ? consent.sharedFields : [];
      // The referrer's note speaks of the survivor: it goes with the consent, like the survivor's fields
      // (an emergency referral, made without a consent, keeps it).
      const noteShown = row.consent_id === null || consented;
      const survivor = (await this.cases.sharedFields(row.case_id, fields, m)) as Record<string, unknown>;
      const names = await this.directory.namesOf([row.provider_id], m);
      const history = await this.history(m, [row.id], false);
      const shown = Object.keys(survivor);
      if (shown.length > 0) {
        // The case's access log lists the provider's reads of the survivor's fields (docs/DESIGN.md §3).
        await this.audit.record(m, {
          action: 'referral.read_shared',
          actor: actor.user,
          entityType: 'referral',
          entityId: row.id,
          caseId: row.case_id,
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
        note: noteShown ? this.crypto.decryptOptional(row.note_enc, enc('referrals', 'note_enc')) : null,
        dueBy: row.due_by.toISOString(),
        survivor,
        sentAt: row.sent_at.toISOString(),
        provider: { id: row.provider_id, name: names.get(row.provider_id) ?? null },
        history: history.get(row.id) ?? [],
      };
    });
  }

  /** The case's referrals, newest first, as the referring side sees them; the read is audited. */
  async listForCase(actor: Actor, caseId: string): Promise<ReferrerReferralListDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.read_referrals', facts.access, { actor });
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<ReferralRow[]>(
        `SELECT ${REFERRAL_COLUMNS} FROM referrals r WHERE r.case_id = $1 ORDER BY r.sent_at DESC, r.id DESC`,
        [caseId],
      );
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

  private async referrerViews(m: EntityManager, rows: ReferralRow[]): Promise<ReferrerReferralViewDto[]> {
    const names = await this.directory.namesOf(
      rows.map((r) => r.provider_id),
      m,
    );
    const history = await this.history(
      m,
      rows.map((r) => r.id),
      true,
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      provider: { id: r.provider_id, name: names.get(r.provider_id) ?? null },
      providerId: r.provider_id,
      recipientOrganizationId: r.recipient_organization_id,
      services: r.services,
      urgency: r.urgency,
      status: r.status,
      dueBy: r.due_by.toISOString(),
      sentAt: r.sent_at.toISOString(),
      referredBy: r.referred_by,
      consentId: r.consent_id,
      emergencyOverride: r.emergency_override,
      emergencyOverrideReason: this.crypto.decryptOptional(
        r.override_reason_enc,
        enc('referrals', 'override_reason_enc'),
      ),
      note: this.crypto.decryptOptional(r.note_enc, enc('referrals', 'note_enc')),
      servicesProvided: r.services_provided,
      completedOn: r.completed_on,
      version: r.version,
      history: history.get(r.id) ?? [],
    }));
  }

  /** Transitions by referral, oldest first; reason texts only for the referring side. */
  private async history(
    m: EntityManager,
    ids: string[],
    withReasons: boolean,
  ): Promise<Map<string, ReferralHistoryDto[]>> {
    const out = new Map<string, ReferralHistoryDto[]>();
    if (ids.length === 0) return out;
    const rows = await m.query<TransitionRow[]>(
      `SELECT referral_id, from_status, to_status, actor_id, at, reason_code, reason_text_enc
         FROM referral_transitions WHERE referral_id = ANY($1::uuid[]) ORDER BY at, id`,
      [ids],
    );
    for (const t of rows) {
      const list = out.get(t.referral_id) ?? [];
      list.push({
        from: t.from_status,
        to: t.to_status,
        actorId: t.actor_id,
        at: t.at.toISOString(),
        reasonCode: t.reason_code,
        ...(withReasons
          ? {
              reasonText: this.crypto.decryptOptional(
                t.reason_text_enc,
                enc('referral_transitions', 'reason_text_enc'),
              ),
            }
          : {}),
      });
      out.set(t.referral_id, list);
    }
    return out;
  }

  /**
   * The incoming box (addressed to the caller's organisation: referral.list) or the outgoing one (the
   * referring cases the caller may read: case.read_referrals), by sent_at desc. No survivor field.
   */
  async list(actor: Actor, query: ListReferralsQuery): Promise<ReferralListDto> {
    const limit = query.limit ?? PAGE_DEFAULT;
    const where: string[] = [];
    const params: unknown[] = [];
    const filter =
      query.box === 'incoming'
        ? this.access.filter(actor.user, 'referral.list', 'referral', { alias: 'r' })
        : this.access.filter(actor.user, 'case.read_referrals', 'case', { alias: 'c' });
    if (filter.sql === 'FALSE')
      await this.refuse(actor, query.box === 'incoming' ? 'referral.list' : 'case.read_referrals');
    params.push(...filter.params);
    where.push(`(${filter.sql})`);
    if (query.status) {
      params.push(query.status);
      where.push(`r.status = $${params.length}`);
    }
    const after = decodeCursor(query.cursor, 2);
    if (after) {
      params.push(after[0], after[1]);
      where.push(
        `((extract(epoch FROM r.sent_at) * 1000000)::bigint, r.id) < ($${params.length - 1}::bigint, $${params.length}::uuid)`,
      );
    }
    params.push(limit + 1);
    const from = query.box === 'incoming' ? 'referrals r' : 'referrals r JOIN cases c ON c.id = r.case_id';
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<ReferralRow[]>(
        `SELECT ${REFERRAL_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')}
          ORDER BY r.sent_at DESC, r.id DESC LIMIT $${params.length}`,
        params,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const names = await this.directory.namesOf(
        page.map((r) => r.provider_id),
        m,
      );
      await this.audit.record(m, {
        action: `referral.${query.box}_listed`,
        actor: actor.user,
        entityType: 'referral',
        reasonCode: `results_${page.length}`,
        requestId: actor.requestId,
      });
      const items: ReferralSummaryDto[] = page.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        reference: r.reference,
        provider: { id: r.provider_id, name: names.get(r.provider_id) ?? null },
        referringOrganizationId: r.referring_organization_id,
        recipientOrganizationId: r.recipient_organization_id,
        services: r.services,
        urgency: r.urgency,
        status: r.status,
        emergencyOverride: r.emergency_override,
        sentAt: r.sent_at.toISOString(),
        dueBy: r.due_by.toISOString(),
      }));
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor([last.micros, last.id]) : null,
      };
    });
  }

  /** Beds of a provider: held by accepted referrals, occupied by stays not discharged. */
  async occupancy(actor: Actor, providerId: string): Promise<OccupancyDto> {
    const provider = await this.directory.providerFacts(providerId);
    if (!provider) throw new DomainError('NOT_FOUND');
    await this.access.assert(
      actor.user,
      'provider.read_occupancy',
      { id: provider.id, organizationId: provider.organizationId },
      { actor },
    );
    const [c] = await this.dataSource.query<{ held: number; occupied: number }[]>(
      `SELECT (SELECT count(*)::int FROM referrals WHERE provider_id = $1 AND status = 'accepted') AS held,
              (SELECT count(*)::int FROM stays WHERE provider_id = $1 AND discharged_at IS NULL) AS occupied`,
      [providerId],
    );
    return { providerId, ...occupancyOf(provider.capacity, c?.held ?? 0, c?.occupied ?? 0) };
  }

  /** Who stays or stayed at the provider (references only), newest admission first; audited. */
  async stays(actor: Actor, providerId: string, query: ListStaysQuery): Promise<StayListDto> {
    const provider = await this.directory.providerFacts(providerId);
    if (!provider) throw new DomainError('NOT_FOUND');
    await this.access.assert(
      actor.user,
      'provider.list_stays',
      { id: provider.id, organizationId: provider.organizationId },
      { actor },
    );
    const limit = query.limit ?? PAGE_DEFAULT;
    const params: unknown[] = [providerId];
    const where = ['s.provider_id = $1'];
    if (query.current === 'true') where.push('s.discharged_at IS NULL');
    const after = decodeCursor(query.cursor, 2);
    if (after) {
      params.push(after[0], after[1]);
      where.push(
        `((extract(epoch FROM s.admitted_at) * 1000000)::bigint, s.id) < ($${params.length - 1}::bigint, $${params.length}::uuid)`,
      );
    }
    params.push(limit + 1);
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<
        {
          id: string;
          referral_id: string;
          reference: string;
          admitted_at: Date;
          discharged_at: Date | null;
          micros: string;
        }[]
      >(
        `SELECT s.id, s.referral_id, s.reference, s.admitted_at, s.discharged_at,
                (extract(epoch FROM s.admitted_at) * 1000000)::bigint::text AS micros
           FROM stays s WHERE ${where.join(' AND ')}
          ORDER BY s.admitted_at DESC, s.id DESC LIMIT $${params.length}`,
        params,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      await this.audit.record(m, {
        action: 'provider.stays_listed',
        actor: actor.user,
        entityType: 'provider',
        entityId: providerId,
        reasonCode: `results_${page.length}`,
        requestId: actor.requestId,
      });
      return {
        items: page.map((s) => ({
          id: s.id,
          referralId: s.referral_id,
          reference: s.reference,
          admittedAt: s.admitted_at.toISOString(),
          dischargedAt: s.discharged_at ? s.discharged_at.toISOString() : null,
          status: s.discharged_at ? ('discharged' as const) : ('in_residence' as const),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.micros, last.id]) : null,
      };
    });
  }

  /** A box no rule lets this user see at all: 403, audited (as the case lists do). */
  private async refuse(actor: Actor, action: string): Promise<never> {
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'access.denied',
        outcome: 'denied',
        actor: actor.user,
        entityType: 'referral',
        reasonCode: action,
        requestId: actor.requestId,
      }),
    );
    throw new DomainError('FORBIDDEN');
  }
}
