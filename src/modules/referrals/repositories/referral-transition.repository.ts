import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  changedCount,
  col,
  insertStatement,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../../platform/database';
import { REFERRAL_TRANSITION_DATA } from '../referrals.personal-data';

const TRANSITION = rowShape('referral transition', {
  referral_id: col.uuid(),
  from_status: col.text().orNull(),
  to_status: col.text(),
  actor_id: col.uuid(),
  at: col.time(),
  reason_code: col.text().orNull(),
  reason_text_enc: col.text().orNull(),
});

/** One step of a referral. */
export interface ReferralTransition {
  referralId: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string;
  at: Date;
  reasonCode: string | null;
  /** Undefined when the reasons were not asked for (the provider's view). */
  reasonText?: string | null;
}

export interface NewReferralTransition {
  referralId: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string;
  at: Date;
  reasonCode: string | null;
  reasonText: string | undefined;
}

/** The referral_transitions table: each step of a referral, its reason text encrypted. */
@Injectable()
export class ReferralTransitionRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(m: Queryable, t: NewReferralTransition): Promise<void> {
    await run(
      m,
      insertStatement('referral_transitions', {
        referral_id: t.referralId,
        from_status: t.fromStatus,
        to_status: t.toStatus,
        actor_id: t.actorId,
        at: t.at,
        reason_code: t.reasonCode,
        ...REFERRAL_TRANSITION_DATA.sealInsert(this.crypto, { reasonText: t.reasonText ?? null }),
      }),
    );
  }

  /** The steps of these referrals by referral, oldest first; the reason texts only `withReasons`. */
  async historyOf(
    m: Queryable,
    referralIds: readonly string[],
    withReasons: boolean,
  ): Promise<Map<string, ReferralTransition[]>> {
    const out = new Map<string, ReferralTransition[]>();
    if (referralIds.length === 0) return out;
    const rows = await rowsOf(
      m,
      `SELECT ${TRANSITION.columns()} FROM referral_transitions
        WHERE referral_id = ANY($1::uuid[]) ORDER BY at, id`,
      [referralIds],
    );
    for (const t of TRANSITION.parseAll(rows)) {
      const list = out.get(t.referral_id) ?? [];
      list.push({
        referralId: t.referral_id,
        fromStatus: t.from_status,
        toStatus: t.to_status,
        actorId: t.actor_id,
        at: t.at,
        reasonCode: t.reason_code,
        ...(withReasons
          ? { reasonText: REFERRAL_TRANSITION_DATA.openOne(this.crypto, 'reasonText', t.reason_text_enc) }
          : {}),
      });
      out.set(t.referral_id, list);
    }
    return out;
  }

  /** Retention: the reason texts of the case's referrals' steps erased; how many steps changed. */
  eraseForCase(m: Queryable, caseId: string): Promise<number> {
    const s = updateStatement(
      'referral_transitions',
      REFERRAL_TRANSITION_DATA.erasure(this.crypto),
      (p) =>
        `referral_id IN (SELECT id FROM referrals WHERE case_id = ${p.add(caseId)})
          AND (${REFERRAL_TRANSITION_DATA.holdsAnyCondition()})`,
    );
    return changedCount(m, s.text, s.values);
  }
}
