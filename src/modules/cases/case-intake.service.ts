import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { OutboxService } from '../../platform/outbox';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseDuplicates, DuplicateKeys } from './case-duplicates';
import { DuplicateCheckLimit } from './duplicate-check-limit';
import { CaseIntakeRules } from './case-intake';
import { assertIntakeDates } from './domain/dates';
import { validateNationalId, validatePhone, validatePhones } from './domain/identity-numbers';
import { caseReferenceFor, referenceYear } from './domain/reference';
import { isHighRisk, RiskScore, scoreRisk } from './domain/risk';
import {
  CreateCaseDto,
  CreatedCaseDto,
  DuplicateCheckDto,
  DuplicateCheckResultDto,
  DuplicateDto,
} from './dto/case.dto';
import { CaseRepository } from './repositories/case.repository';
import { ReporterRepository } from './repositories/reporter.repository';
import { RiskAssessmentRepository } from './repositories/risk-assessment.repository';
import { SurvivorRepository } from './repositories/survivor.repository';
import './cases.errors';

/** What the intake checks produce before anything is written. */
interface CheckedIntake {
  organizationId: string;
  receivedAt: Date;
  phones: string[];
  nationalId: string | undefined;
  guardianPhone: string | undefined;
  reporterPhone: string | undefined;
  ageGroup: string | undefined;
  context: string[];
  risk: RiskScore | undefined;
}

/** Intake: a case opened from a call or a visit, and the duplicate check during the call (docs/DESIGN.md §3). */
@Injectable()
export class CaseIntakeService {
  private readonly logger = new Logger(CaseIntakeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly rules: CaseIntakeRules,
    private readonly duplicateLookup: CaseDuplicates,
    private readonly cases: CaseRepository,
    private readonly survivors: SurvivorRepository,
    private readonly reporters: ReporterRepository,
    private readonly risks: RiskAssessmentRepository,
    private readonly duplicateLimit: DuplicateCheckLimit,
  ) {}

  async create(actor: Actor, dto: CreateCaseDto, cmd: IdempotentCommand): Promise<CreatedCaseDto> {
    await this.access.assert(actor.user, 'case.create', undefined, { actor });
    const route = await this.rules.owningOrganization(actor.user.organizationId);
    const owner = route.organizationId;
    const checked = this.check(actor, owner, dto, new Date());
    if (route.unroutedType !== undefined) {
      // The type only (a configuration fault), never the intake's content.
      this.logger.warn(
        `config/cases.yaml intakeRouting.${route.unroutedType}: the target organisation does not exist; ` +
          "the case stays in the caller's organisation and the admins are alerted",
      );
    }
    await this.rules.checkCommune(dto.survivor.communeCode, 'survivor.communeCode');
    await this.rules.checkCommune(dto.incident.communeCode, 'incident.communeCode');
    for (const [n, consent] of (dto.consents ?? []).entries()) {
      await this.rules.checkProviders(consent.providerIds, `consents.${n}.providerIds`);
    }
    const reference = await this.allocateReference(checked.receivedAt);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const body = await this.insert(m, actor, dto, checked, reference);
        if (route.unroutedType !== undefined) {
          await this.outbox.write(m, 'case.intake_unrouted', {
            caseId: body.id,
            organizationId: owner,
            reference: body.reference,
            organizationType: route.unroutedType,
          });
        }
        return body;
      }),
    );
  }

  /**
   * The check during a call, before anything is saved: each value looked up in the caller's organisation
   * (as the intake's own lookup), one audit row per value naming its kind, never the value.
   */
  async duplicateCheck(actor: Actor, dto: DuplicateCheckDto): Promise<DuplicateCheckResultDto> {
    const values: [kind: 'phone' | 'national_id', keys: DuplicateKeys][] = [];
    if (dto.phone) values.push(['phone', { phones: [validatePhone(dto.phone, 'phone')] }]);
    if (dto.nationalId) {
      values.push(['national_id', { nationalId: validateNationalId(dto.nationalId, 'nationalId') }]);
    }
    if (values.length === 0) throw new DomainError('CASE_DUPLICATE_CHECK_EMPTY');
    await this.access.assert(actor.user, 'case.find_duplicates', undefined, { actor });
    await this.duplicateLimit.take(actor.user.id);
    return this.dataSource.transaction(async (m) => {
      const found = new Map<string, DuplicateDto>();
      for (const [kind, keys] of values) {
        const rows = await this.duplicateLookup.find(m, actor.user.organizationId, keys);
        rows.forEach((r) => found.set(r.reference, r));
        await this.audit.record(m, {
          action: 'case.duplicate_check',
          actor: actor.user,
          entityType: 'case',
          reasonCode: `${kind}:${rows.length > 0 ? 'matches_found' : 'no_match'}`,
          requestId: actor.requestId,
        });
      }
      return { matches: [...found.values()] };
    });
  }

  /** Every check of the intake, before anything is written: 400 naming the field. */
  private check(actor: Actor, owner: string, dto: CreateCaseDto, now: Date): CheckedIntake {
    if (
      dto.organizationId &&
      dto.organizationId !== actor.user.organizationId &&
      dto.organizationId !== owner
    ) {
      throw new DomainError('CASE_ORGANIZATION_NOT_ALLOWED', { field: 'organizationId' });
    }
    const s = dto.survivor;
    const i = dto.incident;
    const key = this.catalogues.assertKey.bind(this.catalogues);
    key('channels', dto.channel, 'channel');
    key('sexes', s.sex, 'survivor.sex');
    key('marital-statuses', s.maritalStatus, 'survivor.maritalStatus');
    key('occupation-groups', s.occupationGroup, 'survivor.occupationGroup');
    if (dto.reporter) key('relationships', dto.reporter.relationship, 'reporter.relationship');
    this.rules.checkIncident(i, 'incident.');
    (dto.consents ?? []).forEach((c, n) => {
      key('consent-purposes', c.purpose, `consents.${n}.purpose`);
      key('consent-methods', c.method, `consents.${n}.method`);
      key('consent-givers', c.givenBy, `consents.${n}.givenBy`);
      (c.providerTypes ?? []).forEach((v, k) => {
        key('organization-types', v, `consents.${n}.providerTypes.${k}`);
      });
      (c.sharedFields ?? []).forEach((v, k) => {
        key('shared-fields', v, `consents.${n}.sharedFields.${k}`);
      });
    });
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    assertIntakeDates(
      {
        receivedAt,
        birthYear: s.birthYear,
        dateOfBirth: s.dateOfBirth,
        incidents: [{ occurredOn: i.occurredOn, field: 'incident.occurredOn' }],
      },
      now,
    );
    const age = this.rules.survivorAge(s, receivedAt);
    (dto.consents ?? []).forEach((c, n) => {
      this.rules.checkConsentGiver(c.givenBy, age.youngest, `consents.${n}.givenBy`);
    });
    const context = this.rules.context(age.youngest, [
      {
        violenceTypes: i.violenceTypes,
        perpetratorRelationship: i.perpetrator?.relationship,
        exchangeInvolved: i.exchangeInvolved,
      },
    ]);
    return {
      organizationId: owner,
      receivedAt,
      phones: validatePhones(s.phones ?? []),
      nationalId: s.nationalId ? validateNationalId(s.nationalId) : undefined,
      guardianPhone: s.guardian?.phone
        ? validatePhone(s.guardian.phone, 'survivor.guardian.phone')
        : undefined,
      reporterPhone: dto.reporter?.phone ? validatePhone(dto.reporter.phone, 'reporter.phone') : undefined,
      ageGroup: age.ageGroup,
      context,
      risk: dto.risk
        ? scoreRisk(this.catalogues.riskQuestionnaire(), dto.risk.answers, 'risk.answers')
        : undefined,
    };
  }

  /** The next reference, in its own short transaction: gaps allowed, no lock held during intake. */
  private async allocateReference(at: Date): Promise<string> {
    const prefix = this.rules.referencePrefix;
    const n = await this.cases.nextReferenceNumber(this.dataSource.manager, prefix, referenceYear(at));
    return caseReferenceFor(prefix, at, n);
  }

  private async insert(
    m: EntityManager,
    actor: Actor,
    dto: CreateCaseDto,
    c: CheckedIntake,
    reference: string,
  ): Promise<CreatedCaseDto> {
    const s = dto.survivor;
    const row = await this.cases.insertIntake(m, {
      reference,
      organizationId: c.organizationId,
      channel: dto.channel,
      receivedAt: c.receivedAt,
      riskLevel: c.risk?.level ?? null,
      riskScore: c.risk ? Math.round(c.risk.score) : null,
      context: c.context,
      createdBy: actor.user.id,
    });
    const caseId = row.id;
    const safe = s.safeContact;
    await this.survivors.insertIntake(
      m,
      caseId,
      {
        sex: s.sex,
        ageGroup: c.ageGroup ?? null,
        communeCode: s.communeCode ?? null,
        disability: s.disability ?? null,
        ethnicMinority: s.ethnicMinority ?? null,
        maritalStatus: s.maritalStatus ?? null,
        occupationGroup: s.occupationGroup ?? null,
        canCall: safe?.canCall ?? null,
        canText: safe?.canText ?? null,
        canLeaveMessage: safe?.canLeaveMessage ?? null,
        phoneSharedWithPerpetrator: safe?.phoneSharedWithPerpetrator ?? null,
      },
      {
        fullName: s.fullName,
        phones: c.phones.length ? c.phones : null,
        birthYear: s.birthYear,
        dateOfBirth: s.dateOfBirth,
        nationalId: c.nationalId,
        addressDetail: s.addressDetail,
        guardian:
          s.guardian && (s.guardian.fullName || c.guardianPhone)
            ? { fullName: s.guardian.fullName ?? null, phone: c.guardianPhone ?? null }
            : null,
        safeTimes: safe?.safeTimes,
        codeWord: safe?.codeWord,
      },
    );
    if (dto.reporter) {
      await this.reporters.insertIntake(m, caseId, dto.reporter.relationship, {
        fullName: dto.reporter.fullName,
        phone: c.reporterPhone,
      });
    }
    await this.rules.insertIncident(m, caseId, dto.incident, actor.user.id);
    if (dto.risk && c.risk) {
      await this.risks.insert(m, caseId, {
        answers: dto.risk.answers,
        score: Math.round(c.risk.score),
        level: c.risk.level,
        assessedBy: actor.user.id,
      });
    }
    await this.cases.insertIntakeConsents(
      m,
      caseId,
      (dto.consents ?? []).map((x) => ({
        purpose: x.purpose,
        providerTypes: x.providerTypes ?? [],
        providerIds: x.providerIds ?? [],
        sharedFields: x.sharedFields ?? [],
        method: x.method,
        givenBy: x.givenBy,
      })),
      actor.user.id,
    );
    if (dto.note) await this.cases.insertIntakeNote(m, caseId, dto.note, actor.user.id);
    await this.cases.insertIntakeTransition(m, caseId, actor.user.id);
    await this.audit.record(m, {
      action: 'case.created',
      actor: actor.user,
      entityType: 'case',
      entityId: caseId,
      caseId,
      requestId: actor.requestId,
    });
    if (c.risk && isHighRisk(c.risk.level, this.catalogues.riskQuestionnaire().levels)) {
      await this.outbox.write(m, 'case.high_risk', {
        caseId,
        organizationId: c.organizationId,
        reference,
        level: c.risk.level,
      });
    }
    const possibleDuplicates = await this.duplicates(m, actor, caseId, c, s.fullName, s.birthYear);
    return {
      id: caseId,
      reference,
      status: 'intake',
      riskLevel: c.risk?.level ?? null,
      version: row.version,
      possibleDuplicates,
    };
  }

  /** Blind-index matches within the owning organisation, the new case left out; audited. */
  private async duplicates(
    m: EntityManager,
    actor: Actor,
    caseId: string,
    c: CheckedIntake,
    name: string | undefined,
    birthYear: number | undefined,
  ): Promise<DuplicateDto[]> {
    const keys = {
      phones: c.phones,
      nationalId: c.nationalId,
      nameBirthYearIndex:
        name && birthYear !== undefined ? (this.crypto.nameBirthYearIndex(name, birthYear) ?? null) : null,
    };
    if (c.phones.length === 0 && !keys.nationalId && !keys.nameBirthYearIndex) return [];
    await this.access.assert(actor.user, 'case.find_duplicates', undefined, { actor, manager: m });
    const rows = await this.duplicateLookup.find(m, c.organizationId, keys, caseId);
    await this.audit.record(m, {
      action: 'case.duplicate_lookup',
      actor: actor.user,
      entityType: 'case',
      entityId: caseId,
      caseId,
      reasonCode: rows.length > 0 ? 'matches_found' : 'no_match',
      requestId: actor.requestId,
    });
    return rows;
  }
}
