import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { DomainError } from '../../platform/http';
import { GeographyService } from '../geography';
import { DirectoryService } from '../directory';
import { IdentityDirectoryService } from '../identity';
import { CASES_CONFIG, CasesConfig } from './cases.config';
import { enc } from './cases.crypto';
import { AgeGroupBand, isUnder18, resolveSurvivorAge, SurvivorAge } from './domain/age';
import { ContextIncident, deriveContext, relationshipGroupsFrom } from './domain/context';
import { CaseDomainError } from './domain/errors';
import { IncidentDto } from './dto/case.dto';
import './cases.errors';

/** An incident as stored, for the context rules. */
interface IncidentFactsRow {
  violence_types: string[];
  perpetrator_relationship: string | null;
  exchange_involved: boolean | null;
}

/**
 * The intake's rules shared by the intake and the file (docs/DESIGN.md §3): catalogue keys, the incident's
 * checks and row, communes in force, the survivor's age, the derived context with the rules of
 * config/cases.yaml, the reference prefix and the routing of an organisation's intake.
 */
@Injectable()
export class CaseIntakeRules {
  constructor(
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
    private readonly catalogues: CatalogueService,
    private readonly crypto: CryptoService,
    private readonly geography: GeographyService,
    private readonly directory: IdentityDirectoryService,
    private readonly providers: DirectoryService,
  ) {}

  get referencePrefix(): string {
    return this.config.referencePrefix;
  }

  key(catalogue: string, value: string, field: string): void {
    if (this.catalogues.has(catalogue, value)) return;
    const allowed = this.catalogues.keys(catalogue);
    throw new CaseDomainError('UNKNOWN_CATALOGUE_KEY', { field, allowed: allowed.join(', ') }, { allowed });
  }

  /**
   * A list of catalogue keys: each known, none twice (400 DUPLICATE_VALUE naming the repeat's field): a
   * type counted twice would count the incident twice under it in the statistics.
   */
  keys(catalogue: string, values: readonly string[], field: string): void {
    values.forEach((v, n) => {
      this.key(catalogue, v, `${field}.${n}`);
      if (values.indexOf(v) !== n) throw new CaseDomainError('DUPLICATE_VALUE', { field: `${field}.${n}` });
    });
  }

  /**
   * A consent giver the catalogue marks childOnly (best_interest) only for a survivor who may be under 18
   * at the report (the youngest age the birth facts allow); an adult or an unknown age → 422.
   */
  checkConsentGiver(givenBy: string, youngestAge: number | undefined, field: string): void {
    const item = this.catalogues.get('consent-givers')?.items.find((g) => g.key === givenBy);
    if (item?.childOnly === true && !isUnder18(youngestAge)) {
      throw new CaseDomainError('CONSENT_GIVER_CHILD_ONLY', { field });
    }
  }

  optionalKey(catalogue: string, value: string | undefined, field: string): void {
    if (value !== undefined) this.key(catalogue, value, field);
  }

  /** The catalogue keys of an incident; `at` is the field prefix ('incident.' at intake, '' alone). */
  checkIncident(i: IncidentDto, at: string): void {
    this.keys('violence-types', i.violenceTypes, `${at}violenceTypes`);
    this.keys('dv-acts', i.dvActs ?? [], `${at}dvActs`);
    this.optionalKey('place-types', i.placeType, `${at}placeType`);
    this.optionalKey('relationships', i.perpetrator?.relationship, `${at}perpetrator.relationship`);
    this.optionalKey('sexes', i.perpetrator?.sex, `${at}perpetrator.sex`);
    this.optionalKey('age-groups', i.perpetrator?.ageGroup, `${at}perpetrator.ageGroup`);
  }

  async checkCommune(code: string | undefined, field: string): Promise<void> {
    if (code !== undefined && !(await this.geography.communeExists(code))) {
      throw new DomainError('CASE_COMMUNE_UNKNOWN', { field });
    }
  }

  /** A consent may name only providers of the directory (docs/DESIGN.md §3): 422 naming the first unknown one. */
  async checkProviders(ids: readonly string[] | undefined, field: string): Promise<void> {
    for (const [k, id] of (ids ?? []).entries()) {
      if (!(await this.providers.providerFacts(id))) {
        throw new DomainError('CONSENT_PROVIDER_UNKNOWN', { field: `${field}.${k}` });
      }
    }
  }

  /** Writes one incident of the case; its id and time. */
  async insertIncident(
    m: EntityManager,
    caseId: string,
    i: IncidentDto,
    actorId: string,
  ): Promise<{ id: string; created_at: Date }> {
    const [row] = await m.query<{ id: string; created_at: Date }[]>(
      `INSERT INTO incidents (case_id, occurred_on, commune_code, place_type, violence_types, dv_acts,
         perpetrator_relationship, perpetrator_sex, perpetrator_age_group, perpetrator_count, repeated,
         previously_reported, children_present, exchange_involved, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id, created_at`,
      [
        caseId,
        i.occurredOn ?? null,
        i.communeCode ?? null,
        i.placeType ?? null,
        i.violenceTypes,
        i.dvActs ?? [],
        i.perpetrator?.relationship ?? null,
        i.perpetrator?.sex ?? null,
        i.perpetrator?.ageGroup ?? null,
        i.perpetrator?.count ?? null,
        i.repeated ?? null,
        i.previouslyReported ?? null,
        i.childrenPresent ?? null,
        i.exchangeInvolved ?? null,
        actorId,
      ],
    );
    if (!row) throw new Error('incident not written');
    return row;
  }

  ageBands(): AgeGroupBand[] {
    return (this.catalogues.get('age-groups')?.items ?? []) as unknown as AgeGroupBand[];
  }

  survivorAge(
    s: { birthYear?: number; dateOfBirth?: string; ageGroup?: string },
    at: Date,
    fields?: Parameters<typeof resolveSurvivorAge>[3],
  ): SurvivorAge {
    return resolveSurvivorAge(s, at, this.ageBands(), fields);
  }

  /** The derived context with the rules of config/cases.yaml. */
  context(youngestAge: number | undefined, incidents: readonly ContextIncident[]): string[] {
    const relationships = this.catalogues.get('relationships')?.items ?? [];
    return deriveContext(
      { survivorYoungestAge: youngestAge, incidents },
      this.config.contextRules,
      relationshipGroupsFrom(relationships),
    );
  }

  /**
   * The context recomputed from what the case holds now (survivor's age at the report, every incident),
   * stored on the case; the new keys.
   */
  async recomputeContext(m: EntityManager, caseId: string): Promise<string[]> {
    const facts = await this.storedBirthFacts(m, caseId);
    const age = this.survivorAge(facts, facts.receivedAt);
    const incidents = await m.query<IncidentFactsRow[]>(
      `SELECT violence_types, perpetrator_relationship, exchange_involved FROM incidents WHERE case_id = $1`,
      [caseId],
    );
    const context = this.context(
      age.youngest,
      incidents.map((i) => ({
        violenceTypes: i.violence_types,
        perpetratorRelationship: i.perpetrator_relationship,
        exchangeInvolved: i.exchange_involved,
      })),
    );
    await m.query(`UPDATE cases SET context = $2 WHERE id = $1`, [caseId, context]);
    return context;
  }

  /** The survivor's birth facts as stored (decrypted) and when the case was reported. */
  async storedBirthFacts(
    m: EntityManager,
    caseId: string,
  ): Promise<{ birthYear?: number; dateOfBirth?: string; ageGroup?: string; receivedAt: Date }> {
    const [s] = await m.query<
      {
        birth_year_enc: string | null;
        date_of_birth_enc: string | null;
        age_group: string | null;
        received_at: Date;
      }[]
    >(
      `SELECT s.birth_year_enc, s.date_of_birth_enc, s.age_group, c.received_at
         FROM cases c LEFT JOIN survivors s ON s.case_id = c.id WHERE c.id = $1`,
      [caseId],
    );
    if (!s) throw new DomainError('NOT_FOUND');
    const birthYear = this.crypto.decryptOptional(s.birth_year_enc, enc('survivors', 'birth_year_enc'));
    const dateOfBirth = this.crypto.decryptOptional(
      s.date_of_birth_enc,
      enc('survivors', 'date_of_birth_enc'),
    );
    return {
      ...(birthYear ? { birthYear: Number(birthYear) } : {}),
      ...(dateOfBirth ? { dateOfBirth } : {}),
      ...(s.age_group ? { ageGroup: s.age_group } : {}),
      receivedAt: s.received_at,
    };
  }

  /**
   * The organisation that owns a case opened by a member of `organizationId`: the caller's own unless
   * config/cases.yaml routes the intake of its type elsewhere: the first of its candidates that exists.
   * When none exists (renamed, removed), the case stays in the caller's organisation with `unroutedType`
   * set, so that the admins are alerted: an intake is never refused in the middle of a call for a
   * configuration mistake.
   */
  async owningOrganization(organizationId: string): Promise<IntakeOwner> {
    const own = await this.directory.organizationFacts(organizationId);
    if (!own) return { organizationId };
    const target = Object.hasOwn(this.config.intakeRouting, own.type)
      ? this.config.intakeRouting[own.type]
      : undefined;
    if (!target) return { organizationId };
    for (const candidate of target) {
      const found =
        'organizationId' in candidate
          ? await this.directory.organizationFacts(candidate.organizationId)
          : await this.directory.organizationNamed(candidate.organizationName);
      if (found) return { organizationId: found.id };
    }
    return { organizationId, unroutedType: own.type };
  }
}

/** Who owns a new case; unroutedType: the caller's organisation type whose routing target is missing. */
export interface IntakeOwner {
  organizationId: string;
  unroutedType?: string;
}
