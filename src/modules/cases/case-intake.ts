import { Inject, Injectable } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { DomainError } from '../../platform/http';
import { Queryable } from '../../platform/database';
import { GeographyService } from '../geography';
import { DirectoryService } from '../directory';
import { IdentityDirectoryService } from '../identity';
import { CASES_CONFIG, CasesConfig } from './cases.config';
import { AgeGroupBand, isUnder18, resolveSurvivorAge, SurvivorAge } from './domain/age';
import { ContextIncident, deriveContext, relationshipGroupsFrom } from './domain/context';
import { CaseDomainError } from './domain/errors';
import { IncidentDto } from './dto/case.dto';
import { CaseRepository } from './repositories/case.repository';
import { IncidentRepository } from './repositories/incident.repository';
import { SurvivorRepository } from './repositories/survivor.repository';
import './cases.errors';

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
    private readonly geography: GeographyService,
    private readonly directory: IdentityDirectoryService,
    private readonly providers: DirectoryService,
    private readonly cases: CaseRepository,
    private readonly survivors: SurvivorRepository,
    private readonly incidents: IncidentRepository,
  ) {}

  get referencePrefix(): string {
    return this.config.referencePrefix;
  }

  /**
   * A list of catalogue keys: each known, none twice (400 DUPLICATE_VALUE naming the repeat's field): a
   * type counted twice would count the incident twice under it in the statistics.
   */
  keys(catalogue: string, values: readonly string[], field: string): void {
    values.forEach((v, n) => {
      this.catalogues.assertKey(catalogue, v, `${field}.${n}`);
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

  /** The catalogue keys of an incident; `at` is the field prefix ('incident.' at intake, '' alone). */
  checkIncident(i: IncidentDto, at: string): void {
    this.keys('violence-types', i.violenceTypes, `${at}violenceTypes`);
    this.keys('dv-acts', i.dvActs ?? [], `${at}dvActs`);
    this.catalogues.assertKey('place-types', i.placeType, `${at}placeType`);
    this.catalogues.assertKey('relationships', i.perpetrator?.relationship, `${at}perpetrator.relationship`);
    this.catalogues.assertKey('sexes', i.perpetrator?.sex, `${at}perpetrator.sex`);
    this.catalogues.assertKey('age-groups', i.perpetrator?.ageGroup, `${at}perpetrator.ageGroup`);
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
  insertIncident(
    m: Queryable,
    caseId: string,
    i: IncidentDto,
    actorId: string,
  ): Promise<{ id: string; createdAt: Date }> {
    return this.incidents.insert(
      m,
      caseId,
      {
        occurredOn: i.occurredOn ?? null,
        communeCode: i.communeCode ?? null,
        placeType: i.placeType ?? null,
        violenceTypes: i.violenceTypes,
        dvActs: i.dvActs ?? [],
        perpetratorRelationship: i.perpetrator?.relationship ?? null,
        perpetratorSex: i.perpetrator?.sex ?? null,
        perpetratorAgeGroup: i.perpetrator?.ageGroup ?? null,
        perpetratorCount: i.perpetrator?.count ?? null,
        repeated: i.repeated ?? null,
        previouslyReported: i.previouslyReported ?? null,
        childrenPresent: i.childrenPresent ?? null,
        exchangeInvolved: i.exchangeInvolved ?? null,
      },
      actorId,
    );
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
  async recomputeContext(m: Queryable, caseId: string): Promise<string[]> {
    const facts = await this.storedBirthFacts(m, caseId);
    const age = this.survivorAge(facts, facts.receivedAt);
    const incidents = await this.incidents.contextFactsOfCase(m, caseId);
    const context = this.context(age.youngest, incidents);
    await this.cases.setContext(m, caseId, context);
    return context;
  }

  /** The survivor's birth facts as stored (decrypted) and when the case was reported. */
  async storedBirthFacts(
    m: Queryable,
    caseId: string,
  ): Promise<{ birthYear?: number; dateOfBirth?: string; ageGroup?: string; receivedAt: Date }> {
    const s = await this.survivors.findBirthFacts(m, caseId);
    if (!s) throw new DomainError('NOT_FOUND');
    return {
      ...(s.birthYear !== null ? { birthYear: s.birthYear } : {}),
      ...(s.dateOfBirth ? { dateOfBirth: s.dateOfBirth } : {}),
      ...(s.ageGroup ? { ageGroup: s.ageGroup } : {}),
      receivedAt: s.receivedAt,
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
