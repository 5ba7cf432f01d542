import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  col,
  firstRow,
  insertStatement,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../../platform/database';
import { CONSENT_DATA } from '../cases.personal-data';

/** A consent of the case that may cover sharing, withdrawn or not (no withdrawal reason). */
export interface SharingConsent {
  id: string;
  caseId: string;
  purpose: string;
  providerTypes: string[];
  providerIds: string[];
  /** Keys of config/catalogues/shared-fields.yaml. */
  sharedFields: string[];
  givenAt: Date;
  withdrawnAt: Date | null;
}

/** A consent as the file's history shows it: who gave it, how, and the withdrawal reason decrypted. */
export interface ConsentRecord extends SharingConsent {
  givenBy: string;
  method: string;
  recordedBy: string;
  withdrawalReason: string | null;
}

export interface NewConsent {
  caseId: string;
  purpose: string;
  providerTypes: readonly string[];
  providerIds: readonly string[];
  sharedFields: readonly string[];
  method: string;
  givenBy: string;
  recordedBy: string;
}

const SCOPE = {
  id: col.uuid(),
  case_id: col.uuid(),
  purpose: col.text(),
  provider_types: col.textArray(),
  provider_ids: col.textArray(),
  shared_fields: col.textArray(),
  given_at: col.time(),
  withdrawn_at: col.time().orNull(),
};
const CONSENT = rowShape('consents', SCOPE);
const CONSENT_RECORD = rowShape('consents (history)', {
  ...SCOPE,
  given_by: col.text(),
  method: col.text(),
  recorded_by: col.uuid(),
  withdrawal_reason_enc: col.text().orNull(),
});
const GIVEN = rowShape('consents (given)', { id: col.uuid(), given_at: col.time() });
const STATE = rowShape('consents (state)', { purpose: col.text(), withdrawn_at: col.time().orNull() });
const WITHDRAWN = rowShape('consents (withdrawn)', { withdrawn_at: col.time() });

const toConsent = (r: ReturnType<typeof CONSENT.parse>): SharingConsent => ({
  id: r.id,
  caseId: r.case_id,
  purpose: r.purpose,
  providerTypes: r.provider_types,
  providerIds: r.provider_ids,
  sharedFields: r.shared_fields,
  givenAt: r.given_at,
  withdrawnAt: r.withdrawn_at,
});

/** The consents of a case (table consents): the withdrawal reason only through CONSENT_DATA. */
@Injectable()
export class ConsentRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(m: Queryable, c: NewConsent): Promise<{ id: string; givenAt: Date }> {
    const [raw] = await run(
      m,
      insertStatement(
        'consents',
        {
          case_id: c.caseId,
          purpose: c.purpose,
          provider_types: c.providerTypes,
          provider_ids: c.providerIds,
          shared_fields: c.sharedFields,
          method: c.method,
          given_by: c.givenBy,
          recorded_by: c.recordedBy,
          ...CONSENT_DATA.sealInsert(this.crypto, {}),
        },
        GIVEN.columns(),
      ),
    );
    if (!raw) throw new Error('consent not written');
    const row = GIVEN.parse(raw);
    return { id: row.id, givenAt: row.given_at };
  }

  /** The consent of this case, locked for its withdrawal; undefined when the case has no such consent. */
  async lockForWithdrawal(
    m: Queryable,
    caseId: string,
    consentId: string,
  ): Promise<{ purpose: string; withdrawnAt: Date | null } | undefined> {
    const raw = await firstRow(
      m,
      `SELECT ${STATE.columns()} FROM consents WHERE id = $1 AND case_id = $2 FOR UPDATE`,
      [consentId, caseId],
    );
    if (raw === undefined) return undefined;
    const row = STATE.parse(raw);
    return { purpose: row.purpose, withdrawnAt: row.withdrawn_at };
  }

  /** Marks the consent withdrawn now; the time of the withdrawal. */
  async withdraw(
    m: Queryable,
    consentId: string,
    w: { withdrawnBy: string; reason: string | undefined },
  ): Promise<Date | undefined> {
    const [raw] = await run(
      m,
      updateStatement(
        'consents',
        {
          withdrawn_by: w.withdrawnBy,
          ...CONSENT_DATA.sealPatch(this.crypto, { withdrawalReason: w.reason ?? null }),
        },
        (p) => `id = ${p.add(consentId)}`,
        { returning: WITHDRAWN.columns(), extraSet: ['withdrawn_at = now()'] },
      ),
    );
    return raw === undefined ? undefined : WITHDRAWN.parse(raw).withdrawn_at;
  }

  /** Every consent of the case, newest first, with its withdrawal reason decrypted. */
  async historyOf(m: Queryable, caseId: string): Promise<ConsentRecord[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${CONSENT_RECORD.columns()} FROM consents WHERE case_id = $1 ORDER BY given_at DESC, id DESC`,
      [caseId],
    );
    return CONSENT_RECORD.parseAll(rows).map((r) => ({
      ...toConsent(r),
      givenBy: r.given_by,
      method: r.method,
      recordedBy: r.recorded_by,
      withdrawalReason: CONSENT_DATA.openOne(this.crypto, 'withdrawalReason', r.withdrawal_reason_enc),
    }));
  }

  /** The case's consents for the purpose `referral`, oldest first, withdrawn ones included. */
  async referralConsentsOf(m: Queryable, caseId: string): Promise<SharingConsent[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${CONSENT.columns()} FROM consents WHERE case_id = $1 AND purpose = 'referral'
        ORDER BY given_at, id`,
      [caseId],
    );
    return CONSENT.parseAll(rows).map(toConsent);
  }

  /** One consent by id, of any case and purpose, or null. */
  async findById(m: Queryable, consentId: string): Promise<SharingConsent | null> {
    const raw = await firstRow(m, `SELECT ${CONSENT.columns()} FROM consents WHERE id = $1`, [consentId]);
    return raw === undefined ? null : toConsent(CONSENT.parse(raw));
  }
}
