import { Injectable } from '@nestjs/common';
import { CryptoService, Opened } from '../../../platform/crypto';
import { col, firstRow, Queryable, rowShape, rowsOf } from '../../../platform/database';
import { SURVIVOR_DATA } from '../cases.personal-data';

/** The facts of a case that access decisions and the referral and follow-up modules read. */
export interface CaseSharingFacts {
  id: string;
  reference: string;
  organizationId: string;
  status: string;
  assigneeId: string | null;
  restricted: boolean;
  createdBy: string;
  openedAt: Date;
}

/** A survivor's safe-contact instructions, decrypted. */
export interface SafeContact {
  canCall: boolean | null;
  canText: boolean | null;
  canLeaveMessage: boolean | null;
  phoneSharedWithPerpetrator: boolean | null;
  safeTimes: string | null;
  codeWord: string | null;
}

type SurvivorFields = typeof SURVIVOR_DATA.fields;
export type SurvivorField = Extract<keyof SurvivorFields, string>;

/** The survivor's protected values asked for (the others are absent), and the safe-contact flags. */
export interface SharedSurvivor<K extends SurvivorField> {
  values: Partial<Pick<Opened<SurvivorFields>, K>>;
  flags: Omit<SafeContact, 'safeTimes' | 'codeWord'>;
}

const FACTS = rowShape('cases (sharing facts)', {
  id: col.uuid(),
  reference: col.text(),
  organization_id: col.uuid(),
  status: col.text(),
  assignee_id: col.uuid().orNull(),
  restricted: col.bool(),
  created_by: col.uuid(),
  opened_at: col.time(),
});

const FLAGS = {
  can_call: col.bool().orNull(),
  can_text: col.bool().orNull(),
  can_leave_message: col.bool().orNull(),
  phone_shared_with_perpetrator: col.bool().orNull(),
};
const SAFE_CONTACT = rowShape('survivors (safe contact)', {
  case_id: col.uuid(),
  ...FLAGS,
  safe_times_enc: col.text().orNull(),
  code_word_enc: col.text().orNull(),
});
const SURVIVOR_FLAGS = rowShape('survivors (flags)', FLAGS);
const RISK = rowShape('cases (risk level)', { risk_level: col.text().orNull() });
const TYPES = rowShape('incidents (violence types)', { types: col.textArray().orNull() });

const NO_FLAGS = {
  canCall: null,
  canText: null,
  canLeaveMessage: null,
  phoneSharedWithPerpetrator: null,
};

/**
 * What the case module shares with the modules below it (referrals, follow-ups): the case's facts for
 * access decisions and the survivor's fields a consent names, read through SURVIVOR_DATA. Also the
 * supervisors named on a restricted case (table case_restricted_supervisors).
 */
@Injectable()
export class CaseSharingRepository {
  constructor(private readonly crypto: CryptoService) {}

  /** The facts of the cases found among `caseIds`; `lock` takes their row locks (FOR UPDATE). */
  async factsOf(
    m: Queryable,
    caseIds: readonly string[],
    opts: { lock?: boolean } = {},
  ): Promise<CaseSharingFacts[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${FACTS.columns()} FROM cases WHERE id = ANY($1::uuid[])${opts.lock ? ' FOR UPDATE' : ''}`,
      [[...new Set(caseIds)]],
    );
    return FACTS.parseAll(rows).map((r) => ({
      id: r.id,
      reference: r.reference,
      organizationId: r.organization_id,
      status: r.status,
      assigneeId: r.assignee_id,
      restricted: r.restricted,
      createdBy: r.created_by,
      openedAt: r.opened_at,
    }));
  }

  /** The supervisors named on the case become exactly `userIds` (none: the list is emptied). */
  async nameRestrictedSupervisors(m: Queryable, caseId: string, userIds: readonly string[]): Promise<void> {
    await m.query(`DELETE FROM case_restricted_supervisors WHERE case_id = $1`, [caseId]);
    if (userIds.length === 0) return;
    await m.query(
      `INSERT INTO case_restricted_supervisors (case_id, user_id) SELECT $1, u FROM unnest($2::uuid[]) AS u`,
      [caseId, [...userIds]],
    );
  }

  /** The safe contact of several cases, by case id; a case without a survivor row is absent. */
  async safeContactsOf(m: Queryable, caseIds: readonly string[]): Promise<Map<string, SafeContact>> {
    const rows = await rowsOf(
      m,
      `SELECT ${SAFE_CONTACT.columns()} FROM survivors WHERE case_id = ANY($1::uuid[])`,
      [[...new Set(caseIds)]],
    );
    return new Map(
      SAFE_CONTACT.parseAll(rows).map((s) => [
        s.case_id,
        {
          canCall: s.can_call,
          canText: s.can_text,
          canLeaveMessage: s.can_leave_message,
          phoneSharedWithPerpetrator: s.phone_shared_with_perpetrator,
          safeTimes: SURVIVOR_DATA.openOne(this.crypto, 'safeTimes', s.safe_times_enc),
          codeWord: SURVIVOR_DATA.openOne(this.crypto, 'codeWord', s.code_word_enc),
        },
      ]),
    );
  }

  /**
   * The survivor's values of the protected fields named (only those are decrypted) and the safe-contact
   * flags; a case without a survivor row gives no values and null flags.
   */
  async survivorFields<K extends SurvivorField>(
    m: Queryable,
    caseId: string,
    names: readonly K[],
  ): Promise<SharedSurvivor<K>> {
    const raw = await firstRow<Record<string, unknown>>(
      m,
      `SELECT ${SURVIVOR_FLAGS.columns()}, ${SURVIVOR_DATA.selectList()} FROM survivors WHERE case_id = $1`,
      [caseId],
    );
    if (raw === undefined) return { values: {}, flags: NO_FLAGS };
    const f = SURVIVOR_FLAGS.parse(raw);
    const values: Partial<Pick<Opened<SurvivorFields>, K>> = {};
    for (const name of names) {
      const column = SURVIVOR_DATA.fields[name].column;
      values[name] = SURVIVOR_DATA.openOne(this.crypto, name, raw[column]);
    }
    return {
      values,
      flags: {
        canCall: f.can_call,
        canText: f.can_text,
        canLeaveMessage: f.can_leave_message,
        phoneSharedWithPerpetrator: f.phone_shared_with_perpetrator,
      },
    };
  }

  async riskLevelOf(m: Queryable, caseId: string): Promise<string | null> {
    const raw = await firstRow(m, `SELECT ${RISK.columns()} FROM cases WHERE id = $1`, [caseId]);
    return raw === undefined ? null : RISK.parse(raw).risk_level;
  }

  /** The distinct violence types of the case's incidents, sorted. */
  async violenceTypesOf(m: Queryable, caseId: string): Promise<string[]> {
    const raw = await firstRow(
      m,
      `SELECT array(SELECT DISTINCT t FROM incidents, unnest(violence_types) AS t
                     WHERE case_id = $1 ORDER BY t) AS types`,
      [caseId],
    );
    return raw === undefined ? [] : (TYPES.parse(raw).types ?? []);
  }
}
