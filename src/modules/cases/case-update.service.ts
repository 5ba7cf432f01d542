import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor } from '../../platform/http';
import { CaseFileAccess } from './case-file-access';
import { CaseIntakeRules } from './case-intake';
import { assertIntakeDates } from './domain/dates';
import { validateNationalId, validatePhone, validatePhones } from './domain/identity-numbers';
import { UpdateCaseDto, UpdatedCaseDto } from './dto/case-file.dto';
import { CaseFileRepository, SurvivorPatch } from './repositories/case-file.repository';
import { CaseStateRepository } from './repositories/case-state.repository';
import './cases.errors';

type SurvivorUpdate = NonNullable<UpdateCaseDto['survivor']>;

/**
 * The partial update of the intake fields (PATCH /cases/:id, docs/DESIGN.md §3) with the version read:
 * checked as at intake, the age group and the derived context recomputed, audited in the transaction.
 */
@Injectable()
export class CaseUpdateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly file: CaseFileAccess,
    private readonly rules: CaseIntakeRules,
    private readonly cases: CaseStateRepository,
    private readonly parts: CaseFileRepository,
  ) {}

  async update(actor: Actor, id: string, dto: UpdateCaseDto): Promise<UpdatedCaseDto> {
    await this.file.guard(actor, id, 'case.update');
    const s = dto.survivor;
    this.catalogues.assertKey('channels', dto.channel, 'channel');
    this.catalogues.assertKey('sexes', s?.sex, 'survivor.sex');
    this.catalogues.assertKey('marital-statuses', s?.maritalStatus, 'survivor.maritalStatus');
    this.catalogues.assertKey('occupation-groups', s?.occupationGroup, 'survivor.occupationGroup');
    this.catalogues.assertKey('relationships', dto.reporter?.relationship, 'reporter.relationship');
    await this.rules.checkCommune(s?.communeCode, 'survivor.communeCode');
    const phones = s?.phones !== undefined ? validatePhones(s.phones) : undefined;
    const nationalId = s?.nationalId ? validateNationalId(s.nationalId) : undefined;
    const guardianPhone = s?.guardian?.phone
      ? validatePhone(s.guardian.phone, 'survivor.guardian.phone')
      : undefined;
    const reporterPhone = dto.reporter?.phone
      ? validatePhone(dto.reporter.phone, 'reporter.phone')
      : undefined;

    return this.dataSource.transaction(async (m) => {
      // The version the caller read, not the one read now: a stale one answers 409.
      const version = await this.cases.updateChannel(m, { id, version: dto.version }, dto.channel);
      let changed = dto.channel !== undefined;
      if (s) {
        const ageChanged =
          s.birthYear !== undefined || s.dateOfBirth !== undefined || s.ageGroup !== undefined;
        const ageGroup = ageChanged ? await this.ageGroupAfter(m, id, s) : undefined;
        const patch = survivorPatch(s, { phones, nationalId, guardianPhone });
        if (ageChanged) patch.facts.ageGroup = ageGroup ?? null;
        await this.parts.patchSurvivor(m, id, patch);
        changed ||= [patch.facts, patch.personal].some((p) => Object.values(p).some((v) => v !== undefined));
        if (ageChanged) await this.rules.recomputeContext(m, id);
      }
      if (dto.reporter) {
        await this.parts.replaceReporter(m, id, {
          relationship: dto.reporter.relationship,
          fullName: dto.reporter.fullName,
          phone: reporterPhone,
        });
        changed = true;
      }
      await this.file.record(m, actor, id, 'case.updated', changed ? 'fields_changed' : 'no_change');
      return { id, version };
    });
  }

  /**
   * The age group after a change of birth year, date of birth or age group: the stored facts with the
   * changed ones, checked as at intake (no birth in the future, the date of birth within the birth year,
   * an age group that agrees), at the time the case was reported. A changed birth date recomputes the age
   * group rather than keeping the one derived from the old date.
   */
  private async ageGroupAfter(
    m: EntityManager,
    caseId: string,
    s: SurvivorUpdate,
  ): Promise<string | undefined> {
    const stored = await this.rules.storedBirthFacts(m, caseId);
    const birthChanged = s.birthYear !== undefined || s.dateOfBirth !== undefined;
    const birthYear = s.birthYear ?? stored.birthYear;
    const dateOfBirth = s.dateOfBirth ?? stored.dateOfBirth;
    const ageGroup = s.ageGroup ?? (birthChanged ? undefined : stored.ageGroup);
    assertIntakeDates({ receivedAt: stored.receivedAt, birthYear, dateOfBirth }, new Date());
    return this.rules.survivorAge(
      {
        ...(birthYear !== undefined ? { birthYear } : {}),
        ...(dateOfBirth !== undefined ? { dateOfBirth } : {}),
        ...(ageGroup !== undefined ? { ageGroup } : {}),
      },
      stored.receivedAt,
    ).ageGroup;
  }
}

/** The survivor's fields the update gives (undefined: unchanged), with the numbers already validated. */
function survivorPatch(
  s: SurvivorUpdate,
  checked: {
    phones: string[] | undefined;
    nationalId: string | undefined;
    guardianPhone: string | undefined;
  },
): SurvivorPatch {
  const sc = s.safeContact;
  const given = <T>(present: boolean, value: T): T | undefined => (present ? value : undefined);
  return {
    facts: {
      sex: s.sex,
      communeCode: s.communeCode,
      disability: s.disability,
      ethnicMinority: s.ethnicMinority,
      maritalStatus: s.maritalStatus,
      occupationGroup: s.occupationGroup,
      canCall: sc?.canCall,
      canText: sc?.canText,
      canLeaveMessage: sc?.canLeaveMessage,
      phoneSharedWithPerpetrator: sc?.phoneSharedWithPerpetrator,
    },
    personal: {
      fullName: s.fullName,
      // An empty list is stored as no phones at all (NULL), as at intake.
      phones: checked.phones === undefined ? undefined : checked.phones.length ? checked.phones : null,
      birthYear: s.birthYear,
      dateOfBirth: s.dateOfBirth,
      nationalId: given(s.nationalId !== undefined, checked.nationalId ?? null),
      addressDetail: s.addressDetail,
      guardian: given(s.guardian !== undefined, {
        fullName: s.guardian?.fullName ?? null,
        phone: checked.guardianPhone ?? null,
      }),
      safeTimes: sc?.safeTimes,
      codeWord: sc?.codeWord,
    },
  };
}
