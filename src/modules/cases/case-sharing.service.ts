import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { DomainError } from '../../platform/http';
import type { AccessRecord } from '../access';
import { GuardianValue } from './cases.personal-data';
import {
  CaseSharingFacts,
  CaseSharingRepository,
  SafeContact,
  SurvivorField,
} from './repositories/case-sharing.repository';
import { ConsentRepository, SharingConsent } from './repositories/consent.repository';
import { MeasureFacts, ProtectionMeasureRepository } from './repositories/protection-measure.repository';

export type { MeasureFacts } from './repositories/protection-measure.repository';
export type { SharingConsent } from './repositories/consent.repository';

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

/** The survivor's fields a consent may name (config/catalogues/shared-fields.yaml), as the provider sees them. */
export interface SharedSurvivorFields {
  fullName?: string | null;
  phones?: string[];
  birthYear?: number | null;
  addressDetail?: string | null;
  nationalId?: string | null;
  guardian?: GuardianValue | null;
  safeContact?: SafeContact;
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

const forSharing = (c: CaseSharingFacts): CaseForSharing => ({
  id: c.id,
  reference: c.reference,
  organizationId: c.organizationId,
  status: c.status,
  assigneeId: c.assigneeId,
  restricted: c.restricted,
  access: {
    id: c.id,
    caseId: c.id,
    organizationId: c.organizationId,
    assigneeId: c.assigneeId,
    createdBy: c.createdBy,
    createdAt: c.openedAt,
    status: c.status,
    restricted: c.restricted,
  },
});

/**
 * The case module's face to the referral module (docs/DESIGN.md §3, §4): the case's facts for access
 * decisions, its consents, and the survivor's fields a consent lets a provider see. It decides nothing:
 * the referral module asks AccessService and audits the reads.
 */
@Injectable()
export class CaseSharingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly sharing: CaseSharingRepository,
    private readonly consents: ConsentRepository,
    private readonly measures: ProtectionMeasureRepository,
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
    const [found] = await this.sharing.factsOf(opts.manager ?? this.dataSource.manager, [caseId], {
      lock: opts.lock ?? false,
    });
    if (!found) throw new DomainError('NOT_FOUND');
    return forSharing(found);
  }

  /** Access records of several cases at once (lists), by id; unknown ids are left out. */
  async caseFactsMany(
    caseIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, CaseForSharing>> {
    if (caseIds.length === 0) return new Map();
    const found = await this.sharing.factsOf(manager ?? this.dataSource.manager, caseIds);
    return new Map(found.map((c) => [c.id, forSharing(c)]));
  }

  /** The case's consents for the purpose `referral`, oldest first, withdrawn ones included. */
  referralConsents(caseId: string, manager?: EntityManager): Promise<SharingConsent[]> {
    return this.consents.referralConsentsOf(manager ?? this.dataSource.manager, caseId);
  }

  /** One consent by id (of any case and purpose: the caller checks both), or null. */
  consent(consentId: string, manager?: EntityManager): Promise<SharingConsent | null> {
    return this.consents.findById(manager ?? this.dataSource.manager, consentId);
  }

  /** A protection measure's type and dates (never its note), or null when unknown. */
  protectionMeasure(measureId: string, manager?: EntityManager): Promise<MeasureFacts | null> {
    return this.measures.factsById(manager ?? this.dataSource.manager, measureId);
  }

  /**
   * The safe contact of several cases in one read (the worklist's rows): decrypted as sharedFields does.
   * A case without a survivor row is absent from the map.
   */
  async safeContactsOf(
    caseIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, SafeContact>> {
    if (caseIds.length === 0) return new Map();
    return this.sharing.safeContactsOf(manager ?? this.dataSource.manager, caseIds);
  }

  /**
   * The survivor's values of exactly the fields named (unknown names ignored), decrypted. Only the named
   * keys are present in the answer, so a provider's view can be compared key by key with the consent.
   */
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
    const personal: SurvivorField[] = (
      ['fullName', 'phones', 'birthYear', 'addressDetail', 'nationalId', 'guardian'] as const
    ).filter((f) => wanted.has(f));
    if (wanted.has('safeContact')) personal.push('safeTimes', 'codeWord');
    const { values: s, flags } = await this.sharing.survivorFields(m, caseId, personal);
    if (wanted.has('fullName')) out.fullName = s.fullName ?? null;
    if (wanted.has('phones')) out.phones = s.phones ?? [];
    if (wanted.has('birthYear')) out.birthYear = s.birthYear ?? null;
    if (wanted.has('addressDetail')) out.addressDetail = s.addressDetail ?? null;
    if (wanted.has('nationalId')) out.nationalId = s.nationalId ?? null;
    if (wanted.has('guardian')) out.guardian = s.guardian ?? null;
    if (wanted.has('safeContact')) {
      out.safeContact = { ...flags, safeTimes: s.safeTimes ?? null, codeWord: s.codeWord ?? null };
    }
    if (wanted.has('riskLevel')) out.riskLevel = await this.sharing.riskLevelOf(m, caseId);
    if (wanted.has('violenceTypes')) out.violenceTypes = await this.sharing.violenceTypesOf(m, caseId);
    return out;
  }
}
