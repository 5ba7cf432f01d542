import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, DomainError } from '../../platform/http';
import { OutboxService } from '../../platform/outbox';
import { AccessService } from '../access';
import { AuditService, AuditTrailService } from '../audit';
import { IdentityDirectoryService } from '../identity';
import { CaseIntakeRules } from './case-intake';
import { accessRecordOf, CaseRecord, loadCase } from './case-record';
import { enc } from './cases.crypto';
import { assertIntakeDates } from './domain/dates';
import { validateNationalId, validatePhone, validatePhones } from './domain/identity-numbers';
import { MeasureLimits, checkProtectionMeasure } from './domain/protection-measures';
import { isHighRisk, scoreRisk } from './domain/risk';
import { ConsentInputDto } from './dto/case.dto';
import {
  AccessLogEntryDto,
  ConsentRecordDto,
  IncidentAddedDto,
  IncidentInputDto,
  IncidentRecordDto,
  NoteDto,
  ProtectionMeasureDto,
  ProtectionMeasureInputDto,
  RiskAssessmentResultDto,
  UpdateCaseDto,
  UpdatedCaseDto,
} from './dto/case-file.dto';
import './cases.errors';

/**
 * The case file after intake (docs/DESIGN.md §3): partial update with a version, notes, risk re-assessment,
 * consents, protection measures, and the file's access log. Every change and every read of personal
 * data is audited in the same transaction.
 */
@Injectable()
export class CaseFileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly trail: AuditTrailService,
    private readonly outbox: OutboxService,
    private readonly directory: IdentityDirectoryService,
    private readonly rules: CaseIntakeRules,
  ) {}

  // --- update -----------------------------------------------------------------------------------------

  async update(actor: Actor, id: string, dto: UpdateCaseDto): Promise<UpdatedCaseDto> {
    const before = await this.guard(actor, id, 'case.update');
    const s = dto.survivor;
    if (dto.channel !== undefined) this.key('channels', dto.channel, 'channel');
    if (s?.sex !== undefined) this.key('sexes', s.sex, 'survivor.sex');
    if (s?.maritalStatus !== undefined)
      this.key('marital-statuses', s.maritalStatus, 'survivor.maritalStatus');
    if (s?.occupationGroup !== undefined)
      this.key('occupation-groups', s.occupationGroup, 'survivor.occupationGroup');
    if (dto.reporter) this.key('relationships', dto.reporter.relationship, 'reporter.relationship');
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
      const [updated] = await m.query<{ version: number }[]>(
        `WITH u AS (UPDATE cases SET version = version + 1, updated_at = now(), channel = COALESCE($3, channel)
                     WHERE id = $1 AND version = $2 RETURNING version)
         SELECT version FROM u`,
        [id, dto.version, dto.channel ?? null],
      );
      if (!updated) throw new DomainError('VERSION_CONFLICT');
      const changed: string[] = dto.channel !== undefined ? ['channel'] : [];
      const ageChanged =
        s?.birthYear !== undefined || s?.dateOfBirth !== undefined || s?.ageGroup !== undefined;
      const ageGroup = s && ageChanged ? await this.ageGroupAfter(m, id, s) : undefined;
      if (s) {
        const sets: string[] = [];
        const params: unknown[] = [id];
        const set = (column: string, value: unknown, field: string): void => {
          params.push(value);
          sets.push(`${column} = $${params.length}`);
          changed.push(field);
        };
        const e = (column: string, value: string | undefined): string | null =>
          value === undefined || value === '' ? null : this.crypto.encrypt(value, enc('survivors', column));
        if (s.fullName !== undefined)
          set('full_name_enc', e('full_name_enc', s.fullName), 'survivor.fullName');
        if (phones !== undefined) {
          set(
            'phones_enc',
            phones.length ? e('phones_enc', JSON.stringify(phones)) : null,
            'survivor.phones',
          );
          params.push(phones.map((p) => this.crypto.blindIndex('phone', p)));
          sets.push(`phone_indexes = $${params.length}`);
        }
        if (s.sex !== undefined) set('sex', s.sex, 'survivor.sex');
        if (s.birthYear !== undefined)
          set('birth_year_enc', e('birth_year_enc', String(s.birthYear)), 'survivor.birthYear');
        if (s.dateOfBirth !== undefined)
          set('date_of_birth_enc', e('date_of_birth_enc', s.dateOfBirth), 'survivor.dateOfBirth');
        if (ageChanged) set('age_group', ageGroup ?? null, 'survivor.ageGroup');
        if (s.nationalId !== undefined) {
          set('national_id_enc', e('national_id_enc', nationalId), 'survivor.nationalId');
          params.push(nationalId ? this.crypto.blindIndex('national_id', nationalId) : null);
          sets.push(`national_id_index = $${params.length}`);
        }
        if (s.communeCode !== undefined) set('commune_code', s.communeCode, 'survivor.communeCode');
        if (s.addressDetail !== undefined)
          set('address_detail_enc', e('address_detail_enc', s.addressDetail), 'survivor.addressDetail');
        if (s.disability !== undefined) set('disability', s.disability, 'survivor.disability');
        if (s.ethnicMinority !== undefined)
          set('ethnic_minority', s.ethnicMinority, 'survivor.ethnicMinority');
        if (s.maritalStatus !== undefined) set('marital_status', s.maritalStatus, 'survivor.maritalStatus');
        if (s.occupationGroup !== undefined)
          set('occupation_group', s.occupationGroup, 'survivor.occupationGroup');
        if (s.guardian !== undefined) {
          const g = JSON.stringify({ fullName: s.guardian.fullName ?? null, phone: guardianPhone ?? null });
          set('guardian_enc', e('guardian_enc', g), 'survivor.guardian');
          params.push(guardianPhone ? this.crypto.blindIndex('phone', guardianPhone) : null);
          sets.push(`guardian_phone_index = $${params.length}`);
        }
        const sc = s.safeContact;
        if (sc?.canCall !== undefined) set('can_call', sc.canCall, 'survivor.safeContact.canCall');
        if (sc?.canText !== undefined) set('can_text', sc.canText, 'survivor.safeContact.canText');
        if (sc?.canLeaveMessage !== undefined)
          set('can_leave_message', sc.canLeaveMessage, 'survivor.safeContact.canLeaveMessage');
        if (sc?.phoneSharedWithPerpetrator !== undefined)
          set(
            'phone_shared_with_perpetrator',
            sc.phoneSharedWithPerpetrator,
            'survivor.safeContact.phoneSharedWithPerpetrator',
          );
        if (sc?.safeTimes !== undefined)
          set('safe_times_enc', e('safe_times_enc', sc.safeTimes), 'survivor.safeContact.safeTimes');
        if (sc?.codeWord !== undefined)
          set('code_word_enc', e('code_word_enc', sc.codeWord), 'survivor.safeContact.codeWord');
        if (sets.length > 0) {
          await m.query(`UPDATE survivors SET ${sets.join(', ')} WHERE case_id = $1`, params);
        }
        if (s.fullName !== undefined || s.birthYear !== undefined) await this.reindexNameYear(m, id);
        if (ageChanged) await this.rules.recomputeContext(m, id);
      }
      if (dto.reporter) {
        const r = dto.reporter;
        const e = (column: string, value: string | undefined): string | null =>
          value === undefined || value === '' ? null : this.crypto.encrypt(value, enc('reporters', column));
        await m.query(
          `INSERT INTO reporters (case_id, relationship, full_name_enc, phone_enc, phone_index)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (case_id) DO UPDATE SET relationship = EXCLUDED.relationship,
             full_name_enc = EXCLUDED.full_name_enc, phone_enc = EXCLUDED.phone_enc,
             phone_index = EXCLUDED.phone_index`,
          [
            id,
            r.relationship,
            e('full_name_enc', r.fullName),
            e('phone_enc', reporterPhone),
            reporterPhone ? this.crypto.blindIndex('phone', reporterPhone) : null,
          ],
        );
        changed.push('reporter');
      }
      await this.record(m, actor, before, 'case.updated', changed.length ? 'fields_changed' : 'no_change');
      return { id, version: updated.version };
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
    s: NonNullable<UpdateCaseDto['survivor']>,
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

  /** The name + birth year index needs both values: recomputed from what is stored now. */
  private async reindexNameYear(m: EntityManager, caseId: string): Promise<void> {
    const [row] = await m.query<{ full_name_enc: string | null; birth_year_enc: string | null }[]>(
      `SELECT full_name_enc, birth_year_enc FROM survivors WHERE case_id = $1`,
      [caseId],
    );
    const name = this.crypto.decryptOptional(row?.full_name_enc, enc('survivors', 'full_name_enc'));
    const year = this.crypto.decryptOptional(row?.birth_year_enc, enc('survivors', 'birth_year_enc'));
    const index = name && year ? (this.crypto.nameBirthYearIndex(name, Number(year)) ?? null) : null;
    await m.query(`UPDATE survivors SET name_birth_year_index = $2 WHERE case_id = $1`, [caseId, index]);
  }

  // --- notes ------------------------------------------------------------------------------------------

  async addNote(actor: Actor, id: string, text: string): Promise<NoteDto> {
    const row = await this.guard(actor, id, 'case.update');
    return this.dataSource.transaction(async (m) => {
      const [note] = await m.query<{ id: string; created_at: Date }[]>(
        `INSERT INTO notes (case_id, text_enc, created_by) VALUES ($1, $2, $3) RETURNING id, created_at`,
        [id, this.crypto.encrypt(text, enc('notes', 'text_enc')), actor.user.id],
      );
      if (!note) throw new Error('note not written');
      await this.touch(m, id);
      await this.record(m, actor, row, 'case.note_added');
      return { id: note.id, text, createdBy: actor.user.id, createdAt: note.created_at.toISOString() };
    });
  }

  async listNotes(actor: Actor, id: string): Promise<NoteDto[]> {
    const row = await this.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const notes = await m.query<{ id: string; text_enc: string; created_by: string; created_at: Date }[]>(
        `SELECT id, text_enc, created_by, created_at FROM notes WHERE case_id = $1 ORDER BY created_at, id`,
        [id],
      );
      await this.record(m, actor, row, 'case.notes_read');
      return notes.map((n) => ({
        id: n.id,
        text: this.crypto.decrypt(n.text_enc, enc('notes', 'text_enc')),
        createdBy: n.created_by,
        createdAt: n.created_at.toISOString(),
      }));
    });
  }

  // --- incidents --------------------------------------------------------------------------------------

  /**
   * Another incident of the case, checked as at intake (catalogue keys, commune in force, a date neither
   * after its report nor before the survivor's birth); the derived context is recomputed and stored.
   */
  async addIncident(actor: Actor, id: string, dto: IncidentInputDto): Promise<IncidentAddedDto> {
    const row = await this.guard(actor, id, 'case.update');
    this.rules.checkIncident(dto, '');
    await this.rules.checkCommune(dto.communeCode, 'communeCode');
    return this.dataSource.transaction(async (m) => {
      const now = new Date();
      const birth = await this.rules.storedBirthFacts(m, id);
      assertIntakeDates(
        {
          receivedAt: birth.receivedAt,
          birthYear: birth.birthYear,
          dateOfBirth: birth.dateOfBirth,
          incidents: [{ occurredOn: dto.occurredOn, field: 'occurredOn', reportedAt: now }],
        },
        now,
      );
      const incident = await this.rules.insertIncident(m, id, dto, actor.user.id);
      const context = await this.rules.recomputeContext(m, id);
      const [touched] = await m.query<{ version: number }[]>(
        `UPDATE cases SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
        [id],
      );
      await this.record(m, actor, row, 'case.incident_added');
      return { id: incident.id, context, version: touched?.version ?? row.version + 1 };
    });
  }

  /** The case's incidents, newest first; the read is audited. */
  async listIncidents(actor: Actor, id: string): Promise<IncidentRecordDto[]> {
    const row = await this.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<
        {
          id: string;
          occurred_on: string | null;
          commune_code: string | null;
          place_type: string | null;
          violence_types: string[];
          dv_acts: string[];
          perpetrator_relationship: string | null;
          perpetrator_sex: string | null;
          perpetrator_age_group: string | null;
          perpetrator_count: number | null;
          repeated: boolean | null;
          previously_reported: boolean | null;
          children_present: boolean | null;
          exchange_involved: boolean | null;
          created_by: string;
          created_at: Date;
        }[]
      >(
        `SELECT id, occurred_on, commune_code, place_type, violence_types, dv_acts, perpetrator_relationship,
                perpetrator_sex, perpetrator_age_group, perpetrator_count, repeated, previously_reported,
                children_present, exchange_involved, created_by, created_at
           FROM incidents WHERE case_id = $1 ORDER BY created_at DESC, id DESC`,
        [id],
      );
      await this.record(m, actor, row, 'case.incidents_read');
      const opt = <T>(v: T | null): T | undefined => v ?? undefined;
      return rows.map((r) => ({
        id: r.id,
        occurredOn: opt(r.occurred_on),
        communeCode: opt(r.commune_code),
        placeType: opt(r.place_type),
        violenceTypes: r.violence_types,
        dvActs: r.dv_acts,
        perpetrator: {
          relationship: opt(r.perpetrator_relationship),
          sex: opt(r.perpetrator_sex),
          ageGroup: opt(r.perpetrator_age_group),
          count: opt(r.perpetrator_count),
        },
        repeated: opt(r.repeated),
        previouslyReported: opt(r.previously_reported),
        childrenPresent: opt(r.children_present),
        exchangeInvolved: opt(r.exchange_involved),
        createdBy: r.created_by,
        createdAt: r.created_at.toISOString(),
      }));
    });
  }

  // --- risk -------------------------------------------------------------------------------------------

  async reassessRisk(
    actor: Actor,
    id: string,
    answers: Record<string, unknown>,
  ): Promise<RiskAssessmentResultDto> {
    const row = await this.guard(actor, id, 'case.update');
    const questionnaire = this.catalogues.riskQuestionnaire();
    const risk = scoreRisk(questionnaire, answers, 'answers');
    const score = Math.round(risk.score);
    return this.dataSource.transaction(async (m) => {
      const [assessment] = await m.query<{ id: string }[]>(
        `INSERT INTO risk_assessments (case_id, answers_enc, score, level, assessed_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          id,
          this.crypto.encrypt(JSON.stringify(answers), enc('risk_assessments', 'answers_enc')),
          score,
          risk.level,
          actor.user.id,
        ],
      );
      if (!assessment) throw new Error('risk assessment not written');
      await m.query(
        `UPDATE cases SET risk_level = $2, risk_score = $3, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, risk.level, score],
      );
      await this.record(m, actor, row, 'case.risk_assessed', risk.level);
      if (isHighRisk(risk.level, questionnaire.levels)) {
        await this.outbox.write(m, 'case.high_risk', {
          caseId: id,
          organizationId: row.organization_id,
          reference: row.reference,
          level: risk.level,
        });
      }
      return { id: assessment.id, score, level: risk.level };
    });
  }

  // --- consents ---------------------------------------------------------------------------------------

  async addConsent(actor: Actor, id: string, c: ConsentInputDto): Promise<ConsentRecordDto> {
    const row = await this.guard(actor, id, 'case.update');
    this.key('consent-purposes', c.purpose, 'purpose');
    this.key('consent-methods', c.method, 'method');
    this.key('consent-givers', c.givenBy, 'givenBy');
    (c.providerTypes ?? []).forEach((v, k) => {
      this.key('organization-types', v, `providerTypes.${k}`);
    });
    (c.sharedFields ?? []).forEach((v, k) => {
      this.key('shared-fields', v, `sharedFields.${k}`);
    });
    await this.rules.checkProviders(c.providerIds, 'providerIds');
    return this.dataSource.transaction(async (m) => {
      const birth = await this.rules.storedBirthFacts(m, id);
      this.rules.checkConsentGiver(
        c.givenBy,
        this.rules.survivorAge(birth, birth.receivedAt).youngest,
        'givenBy',
      );
      const [consent] = await m.query<{ id: string; given_at: Date }[]>(
        `INSERT INTO consents (case_id, purpose, provider_types, provider_ids, shared_fields, method, given_by,
                               recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, given_at`,
        [
          id,
          c.purpose,
          c.providerTypes ?? [],
          c.providerIds ?? [],
          c.sharedFields ?? [],
          c.method,
          c.givenBy,
          actor.user.id,
        ],
      );
      if (!consent) throw new Error('consent not written');
      await this.touch(m, id);
      await this.record(m, actor, row, 'case.consent_given', c.purpose);
      return {
        id: consent.id,
        purpose: c.purpose,
        providerTypes: c.providerTypes ?? [],
        providerIds: c.providerIds ?? [],
        sharedFields: c.sharedFields ?? [],
        method: c.method,
        givenBy: c.givenBy,
        givenAt: consent.given_at.toISOString(),
        withdrawnAt: null,
      };
    });
  }

  async withdrawConsent(
    actor: Actor,
    id: string,
    consentId: string,
    reasonText: string | undefined,
  ): Promise<{ id: string; withdrawnAt: string }> {
    const row = await this.guard(actor, id, 'case.update');
    return this.dataSource.transaction(async (m) => {
      const [found] = await m.query<{ purpose: string; withdrawn_at: Date | null }[]>(
        `SELECT purpose, withdrawn_at FROM consents WHERE id = $1 AND case_id = $2 FOR UPDATE`,
        [consentId, id],
      );
      if (!found) throw new DomainError('NOT_FOUND');
      if (found.withdrawn_at) throw new DomainError('CONSENT_ALREADY_WITHDRAWN');
      const [done] = await m.query<{ withdrawn_at: Date }[]>(
        `WITH u AS (UPDATE consents SET withdrawn_at = now(), withdrawn_by = $2, withdrawal_reason_enc = $3
                     WHERE id = $1 RETURNING withdrawn_at)
         SELECT withdrawn_at FROM u`,
        [
          consentId,
          actor.user.id,
          reasonText ? this.crypto.encrypt(reasonText, enc('consents', 'withdrawal_reason_enc')) : null,
        ],
      );
      await this.touch(m, id);
      await this.record(m, actor, row, 'case.consent_withdrawn', found.purpose);
      return { id: consentId, withdrawnAt: (done?.withdrawn_at ?? new Date()).toISOString() };
    });
  }

  // --- protection measures ----------------------------------------------------------------------------

  async addProtectionMeasure(
    actor: Actor,
    id: string,
    dto: ProtectionMeasureInputDto,
  ): Promise<ProtectionMeasureDto> {
    const row = await this.guard(actor, id, 'case.update');
    this.key('protection-measures', dto.type, 'type');
    const item = this.catalogues.item('protection-measures', dto.type);
    const limits: MeasureLimits = {
      ...(typeof item?.decisionWithinHours === 'number'
        ? { decisionWithinHours: item.decisionWithinHours }
        : {}),
      ...(typeof item?.maxDays === 'number' ? { maxDays: item.maxDays } : {}),
      ...(typeof item?.maxMonths === 'number' ? { maxMonths: item.maxMonths } : {}),
    };
    const date = (v: string | undefined): Date | undefined => (v === undefined ? undefined : new Date(v));
    const checked = checkProtectionMeasure(
      {
        requestedAt: date(dto.requestedAt),
        decidedAt: date(dto.decidedAt),
        startsAt: date(dto.startsAt),
        endsAt: date(dto.endsAt),
      },
      limits,
      new Date(),
    );
    return this.dataSource.transaction(async (m) => {
      const [measure] = await m.query<{ id: string }[]>(
        `INSERT INTO protection_measures (case_id, type, requested_at, decided_at, starts_at, ends_at,
                                          decided_late, note_enc, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          id,
          dto.type,
          checked.requestedAt ?? null,
          checked.decidedAt ?? null,
          checked.startsAt ?? null,
          checked.endsAt ?? null,
          checked.decidedLate,
          dto.note ? this.crypto.encrypt(dto.note, enc('protection_measures', 'note_enc')) : null,
          actor.user.id,
        ],
      );
      if (!measure) throw new Error('protection measure not written');
      await this.touch(m, id);
      await this.record(m, actor, row, 'case.protection_measure_recorded', dto.type);
      await this.outbox.write(m, 'protection_measure.recorded', {
        caseId: id,
        measureId: measure.id,
        organizationId: row.organization_id,
      });
      const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);
      return {
        id: measure.id,
        type: dto.type,
        requestedAt: iso(checked.requestedAt),
        decidedAt: iso(checked.decidedAt),
        startsAt: iso(checked.startsAt),
        endsAt: iso(checked.endsAt),
        decidedLate: checked.decidedLate,
        ...(dto.note ? { note: dto.note } : {}),
      };
    });
  }

  async listProtectionMeasures(actor: Actor, id: string): Promise<ProtectionMeasureDto[]> {
    const row = await this.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<
        {
          id: string;
          type: string;
          requested_at: Date | null;
          decided_at: Date | null;
          starts_at: Date | null;
          ends_at: Date | null;
          decided_late: boolean;
          note_enc: string | null;
        }[]
      >(
        `SELECT id, type, requested_at, decided_at, starts_at, ends_at, decided_late, note_enc
           FROM protection_measures WHERE case_id = $1 ORDER BY recorded_at, id`,
        [id],
      );
      await this.record(m, actor, row, 'case.protection_measures_read');
      const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
      return rows.map((r) => {
        const note = this.crypto.decryptOptional(r.note_enc, enc('protection_measures', 'note_enc'));
        return {
          id: r.id,
          type: r.type,
          requestedAt: iso(r.requested_at),
          decidedAt: iso(r.decided_at),
          startsAt: iso(r.starts_at),
          endsAt: iso(r.ends_at),
          decidedLate: r.decided_late,
          ...(note ? { note } : {}),
        };
      });
    });
  }

  // --- access log -------------------------------------------------------------------------------------

  /**
   * Who read or changed the file, newest first. The read of the log is itself audited, without the
   * case id, so that reading the log does not grow it.
   */
  async accessLog(actor: Actor, id: string): Promise<AccessLogEntryDto[]> {
    await this.guard(actor, id, 'case.read_access_log');
    const page = await this.trail.listForCase(id, { limit: 200 });
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'case.access_log_read',
        actor: actor.user,
        entityType: 'case',
        entityId: id,
        requestId: actor.requestId,
      }),
    );
    return page.items.map((i) => ({
      at: i.at,
      userId: i.actorId,
      username: i.actorUsername,
      displayName: i.actorDisplayName,
      action: i.action,
      reasonCode: i.reasonCode,
    }));
  }

  // --- helpers ----------------------------------------------------------------------------------------

  private async guard(actor: Actor, id: string, action: string): Promise<CaseRecord> {
    const row = await loadCase(this.dataSource.manager, id);
    await this.access.assert(actor.user, action, accessRecordOf(row), { actor });
    return row;
  }

  private async touch(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE cases SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  private async record(
    m: EntityManager,
    actor: Actor,
    row: CaseRecord,
    action: string,
    reasonCode?: string,
  ): Promise<void> {
    await this.audit.record(m, {
      action,
      actor: actor.user,
      entityType: 'case',
      entityId: row.id,
      caseId: row.id,
      ...(reasonCode ? { reasonCode } : {}),
      requestId: actor.requestId,
    });
  }

  private key(catalogue: string, value: string, field: string): void {
    this.rules.key(catalogue, value, field);
  }
}
