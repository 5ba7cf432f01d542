import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import type { AccessRecord } from '../access';
import { accessRecordOf, CaseRecord, loadCase } from './case-record';
import { enc } from './cases.crypto';

/** A case as the referral module decides on it: its access record and what a referral copies. */
export interface CaseForSharing {
  id: string;
  reference: string;
  organizationId: string;
  status: string;
  assigneeId: string | null;
  restricted: boolean;
  /** For AccessService decisions on the case (case.refer, case.read_referrals). */
  access: AccessRecord;
}

/** A consent of the case that may cover sharing (purpose `referral`), withdrawn or not. */
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

/** A protection measure's type and dates, for the follow-up module's deadlines (no note). */
export interface MeasureFacts {
  id: string;
  caseId: string;
  /** A key of config/catalogues/protection-measures.yaml. */
  type: string;
  requestedAt: Date | null;
  decidedAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
  recordedAt: Date;
}

/** The survivor's fields a consent may name (config/catalogues/shared-fields.yaml), as the provider sees them. */
export interface SharedSurvivorFields {
  fullName?: string | null;
  phones?: string[];
  birthYear?: number | null;
  addressDetail?: string | null;
  nationalId?: string | null;
  guardian?: { fullName: string | null; phone: string | null } | null;
  safeContact?: {
    canCall: boolean | null;
    canText: boolean | null;
    canLeaveMessage: boolean | null;
    phoneSharedWithPerpetrator: boolean | null;
    safeTimes: string | null;
    codeWord: string | null;
  };
  riskLevel?: string | null;
  violenceTypes?: string[];
}

export type SharedFieldKey = keyof SharedSurvivorFields;

/** The keys this service knows how to share: must equal the shared-fields catalogue (checked at start-up). */
export const SHAREABLE_FIELDS: readonly SharedFieldKey[] = [
  'fullName',
  'phones',
  'birthYear',
  'addressDetail',
  'nationalId',
  'guardian',
  'safeContact',
  'riskLevel',
  'violenceTypes',
];

interface ConsentRow {
  id: string;
  case_id: string;
  purpose: string;
  provider_types: string[];
  provider_ids: string[];
  shared_fields: string[];
  given_at: Date;
  withdrawn_at: Date | null;
}

const toConsent = (r: ConsentRow): SharingConsent => ({
  id: r.id,
  caseId: r.case_id,
  purpose: r.purpose,
  providerTypes: r.provider_types,
  providerIds: r.provider_ids,
  sharedFields: r.shared_fields,
  givenAt: r.given_at,
  withdrawnAt: r.withdrawn_at,
});

const CONSENT_COLUMNS = `id, case_id, purpose, provider_types, provider_ids, shared_fields, given_at, withdrawn_at`;

/**
 * The case module's face to the referral module (docs/DESIGN.md §3, §4): the case's facts for access
 * decisions, its consents, and the survivor's fields a consent lets a provider see. It decides nothing:
 * the referral module asks AccessService and audits the reads.
 */
@Injectable()
export class CaseSharingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly catalogues: CatalogueService,
  ) {}

  /** A consent could name a field nobody knows how to share (or the reverse): the app does not start. */
  onModuleInit(): void {
    const catalogue = [...this.catalogues.keys('shared-fields')].sort();
    const known = [...SHAREABLE_FIELDS].sort();
    if (catalogue.join() !== known.join()) {
      throw new Error(
        `config/catalogues/shared-fields.yaml must list exactly the shareable fields: ${known.join(', ')}`,
      );
    }
  }

  /** The case, or DomainError NOT_FOUND. `lock` takes a row lock in the caller's transaction. */
  async caseFacts(
    caseId: string,
    opts: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<CaseForSharing> {
    const row: CaseRecord = await loadCase(
      opts.manager ?? this.dataSource.manager,
      caseId,
      opts.lock ?? false,
    );
    return {
      id: row.id,
      reference: row.reference,
      organizationId: row.organization_id,
      status: row.status,
      assigneeId: row.assignee_id,
      restricted: row.restricted,
      access: accessRecordOf(row),
    };
  }

  /** Access records of several cases at once (lists), by id; unknown ids are left out. */
  async caseFactsMany(
    caseIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, CaseForSharing>> {
    if (caseIds.length === 0) return new Map();
    const rows = await (manager ?? this.dataSource.manager).query<CaseRecord[]>(
      `SELECT id, reference, organization_id, status, assignee_id, restricted, created_by, opened_at, version,
              closure_requested_by, closure_reason_code, closure_requested_at
         FROM cases WHERE id = ANY($1::uuid[])`,
      [[...new Set(caseIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          reference: row.reference,
          organizationId: row.organization_id,
          status: row.status,
          assigneeId: row.assignee_id,
          restricted: row.restricted,
          access: accessRecordOf(row),
        },
      ]),
    );
  }

  /** The case's consents for the purpose `referral`, oldest first, withdrawn ones included. */
  async referralConsents(caseId: string, manager?: EntityManager): Promise<SharingConsent[]> {
    const rows = await (manager ?? this.dataSource.manager).query<ConsentRow[]>(
      `SELECT ${CONSENT_COLUMNS} FROM consents WHERE case_id = $1 AND purpose = 'referral'
        ORDER BY given_at, id`,
      [caseId],
    );
    return rows.map(toConsent);
  }

  /** One consent by id (of any case and purpose: the caller checks both), or null. */
  async consent(consentId: string, manager?: EntityManager): Promise<SharingConsent | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<ConsentRow[]>(
      `SELECT ${CONSENT_COLUMNS} FROM consents WHERE id = $1`,
      [consentId],
    );
    return row ? toConsent(row) : null;
  }

  /** A protection measure's type and dates (never its note), or null when unknown. */
  async protectionMeasure(measureId: string, manager?: EntityManager): Promise<MeasureFacts | null> {
    const [r] = await (manager ?? this.dataSource.manager).query<
      {
        id: string;
        case_id: string;
        type: string;
        requested_at: Date | null;
        decided_at: Date | null;
        starts_at: Date | null;
        ends_at: Date | null;
        recorded_at: Date;
      }[]
    >(
      `SELECT id, case_id, type, requested_at, decided_at, starts_at, ends_at, recorded_at
         FROM protection_measures WHERE id = $1`,
      [measureId],
    );
    if (!r) return null;
    return {
      id: r.id,
      caseId: r.case_id,
      type: r.type,
      requestedAt: r.requested_at,
      decidedAt: r.decided_at,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      recordedAt: r.recorded_at,
    };
  }

  /**
   * The survivor's values of exactly the fields named (unknown names ignored), decrypted. Only the named
   * keys are present in the answer, so a provider's view can be compared key by key with the consent.
   */
  /**
   * The safe contact of several cases in one read (the worklist's rows): decrypted as sharedFields does.
   * A case without a survivor row is absent from the map.
   */
  async safeContactsOf(
    caseIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, NonNullable<SharedSurvivorFields['safeContact']>>> {
    if (caseIds.length === 0) return new Map();
    const rows = await (manager ?? this.dataSource.manager).query<
      {
        case_id: string;
        can_call: boolean | null;
        can_text: boolean | null;
        can_leave_message: boolean | null;
        phone_shared_with_perpetrator: boolean | null;
        safe_times_enc: string | null;
        code_word_enc: string | null;
      }[]
    >(
      `SELECT case_id, can_call, can_text, can_leave_message, phone_shared_with_perpetrator, safe_times_enc,
              code_word_enc
         FROM survivors WHERE case_id = ANY($1::uuid[])`,
      [[...new Set(caseIds)]],
    );
    return new Map(
      rows.map((s) => [
        s.case_id,
        {
          canCall: s.can_call,
          canText: s.can_text,
          canLeaveMessage: s.can_leave_message,
          phoneSharedWithPerpetrator: s.phone_shared_with_perpetrator,
          safeTimes: this.crypto.decryptOptional(s.safe_times_enc, enc('survivors', 'safe_times_enc')),
          codeWord: this.crypto.decryptOptional(s.code_word_enc, enc('survivors', 'code_word_enc')),
        },
      ]),
    );
  }

  async sharedFields(
    caseId: string,
    fields: readonly string[],
    manager?: EntityManager,
  ): Promise<SharedSurvivorFields> {
    const wanted = new Set(
      fields.filter((f): f is SharedFieldKey => (SHAREABLE_FIELDS as readonly string[]).includes(f)),
    );
    const out: SharedSurvivorFields = {};
    if (wanted.size === 0) return out;
    const m = manager ?? this.dataSource.manager;
    const [s] = await m.query<Record<string, string | boolean | null>[]>(
      `SELECT * FROM survivors WHERE case_id = $1`,
      [caseId],
    );
    const text = (column: string): string | null => {
      const v = s?.[column];
      return typeof v === 'string' ? this.crypto.decrypt(v, enc('survivors', column)) : null;
    };
    const bool = (column: string): boolean | null => {
      const v = s?.[column];
      return typeof v === 'boolean' ? v : null;
    };
    if (wanted.has('fullName')) out.fullName = text('full_name_enc');
    if (wanted.has('phones')) {
      const phones = text('phones_enc');
      out.phones = phones ? (JSON.parse(phones) as string[]) : [];
    }
    if (wanted.has('birthYear')) {
      const y = text('birth_year_enc');
      out.birthYear = y === null ? null : Number(y);
    }
    if (wanted.has('addressDetail')) out.addressDetail = text('address_detail_enc');
    if (wanted.has('nationalId')) out.nationalId = text('national_id_enc');
    if (wanted.has('guardian')) {
      const g = text('guardian_enc');
      out.guardian = g ? (JSON.parse(g) as { fullName: string | null; phone: string | null }) : null;
    }
    if (wanted.has('safeContact')) {
      out.safeContact = {
        canCall: bool('can_call'),
        canText: bool('can_text'),
        canLeaveMessage: bool('can_leave_message'),
        phoneSharedWithPerpetrator: bool('phone_shared_with_perpetrator'),
        safeTimes: text('safe_times_enc'),
        codeWord: text('code_word_enc'),
      };
    }
    if (wanted.has('riskLevel')) {
      const [c] = await m.query<{ risk_level: string | null }[]>(
        `SELECT risk_level FROM cases WHERE id = $1`,
        [caseId],
      );
      out.riskLevel = c?.risk_level ?? null;
    }
    if (wanted.has('violenceTypes')) {
      const [v] = await m.query<{ types: string[] | null }[]>(
        `SELECT array(SELECT DISTINCT t FROM incidents, unnest(violence_types) AS t
                       WHERE case_id = $1 ORDER BY t) AS types`,
        [caseId],
      );
      out.violenceTypes = v?.types ?? [];
    }
    return out;
  }
}
