import { Injectable } from '@nestjs/common';
import {
  col,
  firstRow,
  insertStatement,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
  run,
} from '../../../platform/database';
import { Page, pageOf } from '../../../platform/http';

const STAY = rowShape('stay', {
  id: col.uuid(),
  case_id: col.uuid(),
  reference: col.text(),
  provider_id: col.uuid(),
  organization_id: col.uuid(),
  admitted_at: col.time(),
});
const LINE = rowShape('stay line', {
  id: col.uuid(),
  referral_id: col.uuid(),
  reference: col.text(),
  admitted_at: col.time(),
  discharged_at: col.time().orNull(),
  /** Microseconds since the epoch of admitted_at, as text: the keyset cursor keeps full precision. */
  micros: col.text().as('(extract(epoch FROM {a}.admitted_at) * 1000000)::bigint::text'),
});
const ID = rowShape('stay id', { id: col.uuid() });
const BEDS = rowShape('beds', { held: col.int(), occupied: col.int() });

/** A stay as the commune notice needs it. */
export interface Stay {
  id: string;
  caseId: string;
  reference: string;
  providerId: string;
  organizationId: string;
  admittedAt: Date;
}

/** A line of a provider's stays (references only). */
export interface StayLine {
  id: string;
  referralId: string;
  reference: string;
  admittedAt: Date;
  dischargedAt: Date | null;
}

export interface NewStay {
  referralId: string;
  caseId: string;
  reference: string;
  providerId: string;
  organizationId: string;
  admittedAt: Date;
  admittedBy: string;
}

/** The stays table (a survivor at a safe house or trusted address), and a provider's beds. */
@Injectable()
export class StayRepository {
  async find(m: Queryable, id: string): Promise<Stay | undefined> {
    const raw = await firstRow(m, `SELECT ${STAY.columns()} FROM stays WHERE id = $1`, [id]);
    if (!raw) return undefined;
    const s = STAY.parse(raw);
    return {
      id: s.id,
      caseId: s.case_id,
      reference: s.reference,
      providerId: s.provider_id,
      organizationId: s.organization_id,
      admittedAt: s.admitted_at,
    };
  }

  /** Opens a stay (the admission); its id. */
  async admit(m: Queryable, s: NewStay): Promise<string> {
    const [raw] = await run(
      m,
      insertStatement(
        'stays',
        {
          referral_id: s.referralId,
          case_id: s.caseId,
          reference: s.reference,
          provider_id: s.providerId,
          organization_id: s.organizationId,
          admitted_at: s.admittedAt,
          admitted_by: s.admittedBy,
        },
        'id',
      ),
    );
    if (!raw) throw new Error('stay not written');
    return ID.parse(raw).id;
  }

  /** Discharges the referral's stay still open, if any; the ids discharged. */
  async dischargeOfReferral(m: Queryable, referralId: string, at: Date, by: string): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `WITH u AS (UPDATE stays SET discharged_at = $2, discharged_by = $3
                   WHERE referral_id = $1 AND discharged_at IS NULL RETURNING id)
       SELECT id FROM u`,
      [referralId, at, by],
    );
    return ID.parseAll(rows).map((r) => r.id);
  }

  /** A provider's beds: held by accepted referrals, occupied by stays not discharged. */
  async bedsOf(m: Queryable, providerId: string): Promise<{ held: number; occupied: number }> {
    const raw = await firstRow(
      m,
      `SELECT (SELECT count(*)::int FROM referrals WHERE provider_id = $1 AND status = 'accepted') AS held,
              (SELECT count(*)::int FROM stays WHERE provider_id = $1 AND discharged_at IS NULL) AS occupied`,
      [providerId],
    );
    return raw ? BEDS.parse(raw) : { held: 0, occupied: 0 };
  }

  /** The provider's stays, newest admission first (only the current ones when `current`). */
  async pageOfProvider(
    m: Queryable,
    providerId: string,
    q: { current: boolean; after?: readonly string[]; limit: number },
  ): Promise<Page<StayLine>> {
    const params = new PositionalParams();
    const where = [`s.provider_id = ${params.add(providerId)}::uuid`];
    if (q.current) where.push('s.discharged_at IS NULL');
    if (q.after) {
      where.push(
        `((extract(epoch FROM s.admitted_at) * 1000000)::bigint, s.id) < (${params.add(q.after[0] ?? '')}::bigint, ${params.add(q.after[1] ?? '')}::uuid)`,
      );
    }
    const rows = LINE.parseAll(
      await rowsOf(
        m,
        `SELECT ${LINE.columns('s')} FROM stays s WHERE ${where.join(' AND ')}
          ORDER BY s.admitted_at DESC, s.id DESC LIMIT ${params.add(q.limit + 1)}`,
        params.values,
      ),
    );
    return pageOf(
      rows,
      q.limit,
      (s) => [s.micros, s.id],
      (s) => ({
        id: s.id,
        referralId: s.referral_id,
        reference: s.reference,
        admittedAt: s.admitted_at,
        dischargedAt: s.discharged_at,
      }),
    );
  }
}
