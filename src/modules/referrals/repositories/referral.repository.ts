import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  changedCount,
  col,
  firstRow,
  insertStatement,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../../platform/database';
import { DomainError, Page, pageOf } from '../../../platform/http';
import type { AccessFilter } from '../../access';
import { REFERRAL_DATA } from '../referrals.personal-data';

const FACT_COLUMNS = {
  id: col.uuid(),
  case_id: col.uuid(),
  reference: col.text(),
  referring_organization_id: col.uuid(),
  referred_by: col.uuid(),
  provider_id: col.uuid(),
  recipient_organization_id: col.uuid(),
  services: col.textArray(),
  urgency: col.text(),
  consent_id: col.uuid().orNull(),
  emergency_override: col.bool(),
  status: col.text(),
  sent_at: col.time(),
  due_by: col.time(),
  services_provided: col.textArray(),
  /** A calendar date, never an instant: read as its text (YYYY-MM-DD). */
  completed_on: col.text().orNull().as('{a}.completed_on::text'),
  version: col.int(),
  /** Microseconds since the epoch of sent_at, as text: the keyset cursor keeps full precision. */
  micros: col.text().as('(extract(epoch FROM {a}.sent_at) * 1000000)::bigint::text'),
};

const FACTS = rowShape('referral', FACT_COLUMNS);
const FULL = rowShape('referral', {
  ...FACT_COLUMNS,
  note_enc: col.text().orNull(),
  override_reason_enc: col.text().orNull(),
});
const OPEN = rowShape('open referral', { id: col.uuid(), status: col.text() });
const ID = rowShape('referral id', { id: col.uuid() });
const RECIPIENT = rowShape('referral recipient', { recipient_organization_id: col.uuid() });
const VERSION = rowShape('referral version', { version: col.int() });
const OVERDUE = rowShape('overdue referral', {
  id: col.uuid(),
  case_id: col.uuid(),
  reference: col.text(),
  referring_organization_id: col.uuid(),
  recipient_organization_id: col.uuid(),
  due_by: col.time(),
});

/** A referral's facts as the services decide on them (no free text). */
export interface ReferralFacts {
  id: string;
  caseId: string;
  reference: string;
  referringOrganizationId: string;
  referredBy: string;
  providerId: string;
  recipientOrganizationId: string;
  services: string[];
  urgency: string;
  consentId: string | null;
  emergencyOverride: boolean;
  status: string;
  sentAt: Date;
  dueBy: Date;
  servicesProvided: string[];
  /** YYYY-MM-DD. */
  completedOn: string | null;
  version: number;
}

/** A referral with its free texts in plaintext. */
export interface Referral extends ReferralFacts {
  note: string | null;
  emergencyOverrideReason: string | null;
}

/** What sending a referral writes (status `sent`). */
export interface NewReferral {
  caseId: string;
  reference: string;
  referringOrganizationId: string;
  referredBy: string;
  providerId: string;
  recipientOrganizationId: string;
  services: string[];
  urgency: string;
  consentId: string | null;
  emergencyOverrideReason: string | null;
  note: string | undefined;
  sentAt: Date;
  dueBy: Date;
}

/** The columns a step sets besides the status (undefined: unchanged). */
export interface ReferralMove {
  status: string;
  at: Date;
  respondedBy?: string;
  started?: boolean;
  ended?: boolean;
  servicesProvided?: string[];
  completedOn?: string;
}

/** A referral the overdue scan escalated. */
export interface OverdueReferral {
  id: string;
  caseId: string;
  reference: string;
  referringOrganizationId: string;
  recipientOrganizationId: string;
  dueBy: Date;
}

export interface ReferralPageQuery {
  /** The filter is over the case (outgoing box): the rows are joined to the case's facts, alias c. */
  overCase: boolean;
  status?: string;
  /** The cursor's values: sent_at in microseconds and the id. */
  after?: readonly string[];
  limit: number;
}

const toFacts = (r: ReturnType<typeof FACTS.parse>): ReferralFacts => ({
  id: r.id,
  caseId: r.case_id,
  reference: r.reference,
  referringOrganizationId: r.referring_organization_id,
  referredBy: r.referred_by,
  providerId: r.provider_id,
  recipientOrganizationId: r.recipient_organization_id,
  services: r.services,
  urgency: r.urgency,
  consentId: r.consent_id,
  emergencyOverride: r.emergency_override,
  status: r.status,
  sentAt: r.sent_at,
  dueBy: r.due_by,
  servicesProvided: r.services_provided,
  completedOn: r.completed_on,
  version: r.version,
});

/** The referrals table (docs/DESIGN.md §4). */
@Injectable()
export class ReferralRepository {
  constructor(private readonly crypto: CryptoService) {}

  private toReferral(raw: unknown): Referral {
    const row = FULL.parse(raw);
    return { ...toFacts(row), ...REFERRAL_DATA.open(this.crypto, row) };
  }

  /** The referral with its free texts, or NOT_FOUND; `lock` takes a row lock in the caller's transaction. */
  async get(m: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<Referral> {
    const raw = await firstRow(
      m,
      `SELECT ${FULL.columns('r')} FROM referrals r WHERE r.id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!raw) throw new DomainError('NOT_FOUND');
    return this.toReferral(raw);
  }

  /** The case's referrals, newest first. */
  async listForCase(m: Queryable, caseId: string): Promise<Referral[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${FULL.columns('r')} FROM referrals r WHERE r.case_id = $1 ORDER BY r.sent_at DESC, r.id DESC`,
      [caseId],
    );
    return rows.map((raw) => this.toReferral(raw));
  }

  /**
   * The case's referrals still sent, accepted or in service, locked (oldest first): a provider's answer
   * waits for the case's closure.
   */
  async lockOpenOfCase(m: Queryable, caseId: string): Promise<{ id: string; status: string }[]> {
    const rows = await rowsOf(
      m,
      `SELECT id, status FROM referrals WHERE case_id = $1 AND status IN ('sent', 'accepted', 'in_service')
        ORDER BY sent_at, id FOR UPDATE`,
      [caseId],
    );
    return OPEN.parseAll(rows);
  }

  /** The ids of the case's referrals still unanswered, locked, oldest first. */
  async lockSentOfCase(m: Queryable, caseId: string): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `SELECT id FROM referrals WHERE case_id = $1 AND status = 'sent' ORDER BY sent_at, id FOR UPDATE`,
      [caseId],
    );
    return ID.parseAll(rows).map((r) => r.id);
  }

  /** The oldest referral of the case to the provider in one of `states` sharing a service, if any. */
  async findOpenOverlapping(
    m: Queryable,
    q: { caseId: string; providerId: string; states: readonly string[]; services: readonly string[] },
  ): Promise<string | undefined> {
    const raw = await firstRow(
      m,
      `SELECT id FROM referrals WHERE case_id = $1 AND provider_id = $2 AND status = ANY($3::text[])
          AND services && $4::text[] ORDER BY sent_at LIMIT 1`,
      [q.caseId, q.providerId, q.states, q.services],
    );
    return raw ? ID.parse(raw).id : undefined;
  }

  /** Writes a sent referral (its free texts encrypted); its id. */
  async insert(m: Queryable, r: NewReferral): Promise<string> {
    const [raw] = await run(
      m,
      insertStatement(
        'referrals',
        {
          case_id: r.caseId,
          reference: r.reference,
          referring_organization_id: r.referringOrganizationId,
          referred_by: r.referredBy,
          provider_id: r.providerId,
          recipient_organization_id: r.recipientOrganizationId,
          services: r.services,
          urgency: r.urgency,
          consent_id: r.consentId,
          emergency_override: r.emergencyOverrideReason !== null,
          ...REFERRAL_DATA.sealInsert(this.crypto, {
            note: r.note ?? null,
            emergencyOverrideReason: r.emergencyOverrideReason,
          }),
          status: 'sent',
          sent_at: r.sentAt,
          due_by: r.dueBy,
        },
        'id',
      ),
    );
    if (!raw) throw new Error('referral not written');
    return ID.parse(raw).id;
  }

  /** A step: the new status and its dates, the version bumped; the new version. */
  async move(m: Queryable, id: string, s: ReferralMove): Promise<number> {
    const [raw] = await run(
      m,
      updateStatement(
        'referrals',
        {
          status: s.status,
          updated_at: s.at,
          responded_at: s.respondedBy === undefined ? undefined : s.at,
          responded_by: s.respondedBy,
          started_at: s.started ? s.at : undefined,
          ended_at: s.ended ? s.at : undefined,
          services_provided: s.servicesProvided,
          completed_on: s.completedOn,
        },
        (p) => `id = ${p.add(id)}`,
        { returning: 'version', extraSet: ['version = version + 1'] },
      ),
    );
    if (!raw) throw new Error(`referral ${id} not moved`);
    return VERSION.parse(raw).version;
  }

  /**
   * Claims up to `limit` referrals unanswered past their due time and not escalated yet (others' locks
   * skipped) and marks them escalated. version and updated_at stay: the escalation is no move of the
   * referral, and must not make a person's concurrent answer fail its version check.
   */
  async claimOverdue(m: Queryable, limit: number): Promise<OverdueReferral[]> {
    const rows = await rowsOf(
      m,
      `WITH due AS (
         SELECT id FROM referrals
          WHERE status = 'sent' AND escalated_at IS NULL AND due_by <= now()
          ORDER BY due_by LIMIT $1 FOR UPDATE SKIP LOCKED
       ), moved AS (
         UPDATE referrals r SET escalated_at = now() FROM due WHERE r.id = due.id
         RETURNING r.id, r.case_id, r.reference, r.referring_organization_id, r.recipient_organization_id, r.due_by
       )
       SELECT * FROM moved`,
      [limit],
    );
    return OVERDUE.parseAll(rows).map((r) => ({
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      referringOrganizationId: r.referring_organization_id,
      recipientOrganizationId: r.recipient_organization_id,
      dueBy: r.due_by,
    }));
  }

  /** The organisation a referral is addressed to, if the referral exists. */
  async recipientOrganizationOf(m: Queryable, id: string): Promise<string | undefined> {
    const raw = await firstRow(m, `SELECT recipient_organization_id FROM referrals WHERE id = $1`, [id]);
    return raw ? RECIPIENT.parse(raw).recipient_organization_id : undefined;
  }

  /**
   * A box, by sent_at desc: the rows `filter` keeps (compiled with placeholders from $1, over alias r, or
   * over the case's facts, alias c, when `overCase`). Facts only, no free text.
   */
  async pageByAccess(m: Queryable, filter: AccessFilter, q: ReferralPageQuery): Promise<Page<ReferralFacts>> {
    const params = new PositionalParams(filter.params.length + 1);
    const where = [`(${filter.sql})`];
    if (q.status) where.push(`r.status = ${params.add(q.status)}::text`);
    if (q.after) {
      where.push(
        `((extract(epoch FROM r.sent_at) * 1000000)::bigint, r.id) < (${params.add(q.after[0] ?? '')}::bigint, ${params.add(q.after[1] ?? '')}::uuid)`,
      );
    }
    const from = q.overCase ? 'referrals r JOIN case_facts c ON c.id = r.case_id' : 'referrals r';
    const rows = FACTS.parseAll(
      await rowsOf(
        m,
        `SELECT ${FACTS.columns('r')} FROM ${from} WHERE ${where.join(' AND ')}
          ORDER BY r.sent_at DESC, r.id DESC LIMIT ${params.add(q.limit + 1)}`,
        [...filter.params, ...params.values],
      ),
    );
    return pageOf(rows, q.limit, (r) => [r.micros, r.id], toFacts);
  }

  /** Retention: the free texts of the case's referrals erased; how many referrals changed. */
  eraseForCase(m: Queryable, caseId: string): Promise<number> {
    const s = updateStatement(
      'referrals',
      REFERRAL_DATA.erasure(this.crypto),
      (p) => `case_id = ${p.add(caseId)} AND (${REFERRAL_DATA.holdsAnyCondition()})`,
    );
    return changedCount(m, s.text, s.values);
  }
}
