import { randomInt } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, decodeCursor, DomainError, encodeCursor } from '../../platform/http';
import { IdempotencyService } from '../../platform/idempotency';
import { OutboxService } from '../../platform/outbox';
import { AccessService, AccessRecord } from '../access';
import { AuditService } from '../audit';
import { CaseDuplicates, DuplicateKeys } from './case-duplicates';
import { CaseIntakeRules } from './case-intake';
import { assertIntakeDates } from './domain/dates';
import { validateNationalId, validatePhone, validatePhones } from './domain/identity-numbers';
import { caseReferenceFor, parseCaseReference, formatCaseReference, referenceYear } from './domain/reference';
import { isHighRisk, RiskScore, scoreRisk } from './domain/risk';
import { enc } from './cases.crypto';
import {
  CaseFileDto,
  CaseListDto,
  CaseSummaryDto,
  CreateCaseDto,
  CreatedCaseDto,
  DuplicateCheckDto,
  DuplicateCheckResultDto,
  DuplicateDto,
  ListCasesQuery,
  SearchCasesDto,
} from './dto/case.dto';
import './cases.errors';

const ROUTE_CREATE = 'POST /api/v1/cases';
const UNIQUE_VIOLATION = '23505';
const MAX_RECORD_KEY = 2 ** 31 - 1;

interface CaseRow {
  id: string;
  reference: string;
  organization_id: string;
  channel: string;
  received_at: Date;
  status: string;
  assignee_id: string | null;
  risk_level: string | null;
  context: string[];
  restricted: boolean;
  created_by: string;
  opened_at: Date;
  updated_at: Date;
  version: number;
  closure_requested_at: Date | null;
  closure_reason_code: string | null;
}

interface SummaryRow {
  id: string;
  reference: string;
  status: string;
  risk_level: string | null;
  assignee_id: string | null;
  opened_at: Date;
  updated_at: Date;
  micros: string;
}

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

const accessRecordOf = (r: CaseRow): AccessRecord => ({
  id: r.id,
  caseId: r.id,
  organizationId: r.organization_id,
  assigneeId: r.assignee_id,
  createdBy: r.created_by,
  createdAt: r.opened_at,
  status: r.status,
  restricted: r.restricted,
});

const summaryOf = (r: SummaryRow): CaseSummaryDto => ({
  id: r.id,
  reference: r.reference,
  status: r.status,
  riskLevel: r.risk_level,
  assigneeId: r.assignee_id,
  openedAt: r.opened_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const SUMMARY_COLUMNS = `c.id, c.reference, c.status, c.risk_level, c.assignee_id, c.opened_at, c.updated_at,
  (extract(epoch FROM c.opened_at) * 1000000)::bigint::text AS micros`;

/** Case intake and the case file (docs/DESIGN.md §3). */
@Injectable()
export class CasesService {
  private readonly logger = new Logger(CasesService.name);

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
  ) {}

  async create(
    actor: Actor,
    dto: CreateCaseDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: CreatedCaseDto }> {
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
    return this.dataSource.transaction(async (m) => {
      const result = await this.idempotency.run(
        m,
        { scope: actor.user.id, route: ROUTE_CREATE, key: idempotencyKey, body: dto },
        async () => {
          const body = await this.insert(m, actor, dto, checked, reference);
          if (route.unroutedType !== undefined) {
            await this.outbox.write(m, 'case.intake_unrouted', {
              caseId: body.id,
              organizationId: owner,
              reference: body.reference,
              organizationType: route.unroutedType,
            });
          }
          return { statusCode: 201, body };
        },
      );
      return { statusCode: result.statusCode, body: result.body };
    });
  }

  async get(actor: Actor, id: string): Promise<CaseFileDto> {
    const row = await this.findRow(id);
    if (!row) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'case.read', accessRecordOf(row), { actor });
    return this.dataSource.transaction(async (m) => {
      const file = await this.readFile(m, row);
      await this.audit.record(m, {
        action: 'case.read',
        actor: actor.user,
        entityType: 'case',
        entityId: row.id,
        caseId: row.id,
        requestId: actor.requestId,
      });
      return file;
    });
  }

  async list(actor: Actor, query: ListCasesQuery): Promise<CaseListDto> {
    await this.assertMayList(actor);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.status) where.push(`c.status = ${add(query.status)}`);
    if (query.riskLevel) where.push(`c.risk_level = ${add(query.riskLevel)}`);
    if (query.assignee === 'none') where.push('c.assignee_id IS NULL');
    else if (query.assignee === 'me') where.push(`c.assignee_id = ${add(actor.user.id)}::uuid`);
    else if (query.assignee) where.push(`c.assignee_id = ${add(query.assignee)}::uuid`);
    if (query.reference) {
      const ref = parseCaseReference(query.reference);
      where.push(`c.reference = ${add(ref ? formatCaseReference(ref) : query.reference)}`);
    }
    // Narrow what the access filter already allows (the operator's own recent cases): never widen it.
    if (query.createdBy === 'me') where.push(`c.created_by = ${add(actor.user.id)}::uuid`);
    if (query.since) where.push(`c.opened_at >= ${add(query.since)}::timestamptz`);
    return this.page(actor, where, params, query.cursor, query.limit ?? 50, 'case.listed');
  }

  async search(actor: Actor, dto: SearchCasesDto): Promise<CaseListDto> {
    await this.assertMayList(actor);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (dto.reference) {
      const ref = parseCaseReference(dto.reference);
      where.push(`c.reference = ${add(ref ? formatCaseReference(ref) : dto.reference)}`);
    }
    if (dto.phone) {
      const ix = this.crypto.phoneIndex(validatePhone(dto.phone, 'phone'));
      where.push(
        `EXISTS (SELECT 1 FROM survivors s WHERE s.case_id = c.id AND s.phone_indexes @> ARRAY[${add(ix)}]::text[])`,
      );
    }
    if (dto.nationalId) {
      const ix = this.crypto.nationalIdIndex(validateNationalId(dto.nationalId, 'nationalId'));
      where.push(
        `EXISTS (SELECT 1 FROM survivors s WHERE s.case_id = c.id AND s.national_id_index = ${add(ix)})`,
      );
    }
    if (where.length === 0) throw new DomainError('CASE_SEARCH_EMPTY');
    return this.page(actor, where, params, undefined, 50, 'case.searched');
  }

  // --- intake -----------------------------------------------------------------------------------------

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
    this.key('channels', dto.channel, 'channel');
    this.key('sexes', s.sex, 'survivor.sex');
    this.optionalKey('marital-statuses', s.maritalStatus, 'survivor.maritalStatus');
    this.optionalKey('occupation-groups', s.occupationGroup, 'survivor.occupationGroup');
    if (dto.reporter) this.key('relationships', dto.reporter.relationship, 'reporter.relationship');
    this.rules.checkIncident(i, 'incident.');
    (dto.consents ?? []).forEach((c, n) => {
      this.key('consent-purposes', c.purpose, `consents.${n}.purpose`);
      this.key('consent-methods', c.method, `consents.${n}.method`);
      this.key('consent-givers', c.givenBy, `consents.${n}.givenBy`);
      (c.providerTypes ?? []).forEach((v, k) => {
        this.key('organization-types', v, `consents.${n}.providerTypes.${k}`);
      });
      (c.sharedFields ?? []).forEach((v, k) => {
        this.key('shared-fields', v, `consents.${n}.sharedFields.${k}`);
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

  private key(catalogue: string, value: string, field: string): void {
    this.rules.key(catalogue, value, field);
  }

  private optionalKey(catalogue: string, value: string | undefined, field: string): void {
    this.rules.optionalKey(catalogue, value, field);
  }

  /** The next reference, in its own short transaction: gaps allowed, no lock held during intake. */
  private async allocateReference(at: Date): Promise<string> {
    const year = referenceYear(at);
    const [row] = await this.dataSource.query<{ last_value: number }[]>(
      `INSERT INTO case_reference_counters (prefix, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_reference_counters.last_value + 1
       RETURNING last_value`,
      [this.rules.referencePrefix, year],
    );
    return caseReferenceFor(this.rules.referencePrefix, at, row?.last_value ?? 1);
  }

  private async insert(
    m: EntityManager,
    actor: Actor,
    dto: CreateCaseDto,
    c: CheckedIntake,
    reference: string,
  ): Promise<CreatedCaseDto> {
    const s = dto.survivor;
    const i = dto.incident;
    const e = (table: string, column: string, value: string | undefined | null): string | null =>
      value === undefined || value === null || value === ''
        ? null
        : this.crypto.encrypt(value, enc(table, column));
    let row: { id: string; version: number } | undefined;
    try {
      [row] = await m.query<{ id: string; version: number }[]>(
        `INSERT INTO cases (reference, organization_id, channel, received_at, status, risk_level, risk_score,
                            context, created_by, record_key)
         VALUES ($1, $2, $3, $4, 'intake', $5, $6, $7, $8, $9) RETURNING id, version`,
        [
          reference,
          c.organizationId,
          dto.channel,
          c.receivedAt,
          c.risk?.level ?? null,
          c.risk ? Math.round(c.risk.score) : null,
          c.context,
          actor.user.id,
          randomInt(0, MAX_RECORD_KEY),
        ],
      );
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION)
        throw new Error('case reference allocated twice', { cause: err });
      throw err;
    }
    if (!row) throw new Error('case insert returned nothing');
    const caseId = row.id;
    const guardian =
      s.guardian && (s.guardian.fullName || c.guardianPhone)
        ? JSON.stringify({ fullName: s.guardian.fullName ?? null, phone: c.guardianPhone ?? null })
        : undefined;
    await m.query(
      `INSERT INTO survivors (case_id, full_name_enc, phones_enc, phone_indexes, sex, birth_year_enc,
         date_of_birth_enc, age_group, national_id_enc, national_id_index, name_birth_year_index, commune_code,
         address_detail_enc, disability, ethnic_minority, marital_status, occupation_group, guardian_enc,
         guardian_phone_index, can_call, can_text, can_leave_message, phone_shared_with_perpetrator,
         safe_times_enc, code_word_enc)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25)`,
      [
        caseId,
        e('survivors', 'full_name_enc', s.fullName),
        c.phones.length ? e('survivors', 'phones_enc', JSON.stringify(c.phones)) : null,
        c.phones.map((p) => this.crypto.blindIndex('phone', p)),
        s.sex,
        e('survivors', 'birth_year_enc', s.birthYear === undefined ? undefined : String(s.birthYear)),
        e('survivors', 'date_of_birth_enc', s.dateOfBirth),
        c.ageGroup ?? null,
        e('survivors', 'national_id_enc', c.nationalId),
        c.nationalId ? this.crypto.blindIndex('national_id', c.nationalId) : null,
        this.nameBirthYearIndex(s.fullName, s.birthYear),
        s.communeCode ?? null,
        e('survivors', 'address_detail_enc', s.addressDetail),
        s.disability ?? null,
        s.ethnicMinority ?? null,
        s.maritalStatus ?? null,
        s.occupationGroup ?? null,
        e('survivors', 'guardian_enc', guardian),
        c.guardianPhone ? this.crypto.blindIndex('phone', c.guardianPhone) : null,
        s.safeContact?.canCall ?? null,
        s.safeContact?.canText ?? null,
        s.safeContact?.canLeaveMessage ?? null,
        s.safeContact?.phoneSharedWithPerpetrator ?? null,
        e('survivors', 'safe_times_enc', s.safeContact?.safeTimes),
        e('survivors', 'code_word_enc', s.safeContact?.codeWord),
      ],
    );
    if (dto.reporter) {
      await m.query(
        `INSERT INTO reporters (case_id, relationship, full_name_enc, phone_enc, phone_index)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          caseId,
          dto.reporter.relationship,
          e('reporters', 'full_name_enc', dto.reporter.fullName),
          e('reporters', 'phone_enc', c.reporterPhone),
          c.reporterPhone ? this.crypto.blindIndex('phone', c.reporterPhone) : null,
        ],
      );
    }
    await this.rules.insertIncident(m, caseId, i, actor.user.id);
    if (dto.risk && c.risk) {
      await m.query(
        `INSERT INTO risk_assessments (case_id, answers_enc, score, level, assessed_by) VALUES ($1, $2, $3, $4, $5)`,
        [
          caseId,
          this.crypto.encrypt(JSON.stringify(dto.risk.answers), enc('risk_assessments', 'answers_enc')),
          Math.round(c.risk.score),
          c.risk.level,
          actor.user.id,
        ],
      );
    }
    for (const consent of dto.consents ?? []) {
      await m.query(
        `INSERT INTO consents (case_id, purpose, provider_types, provider_ids, shared_fields, method, given_by,
                               recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          caseId,
          consent.purpose,
          consent.providerTypes ?? [],
          consent.providerIds ?? [],
          consent.sharedFields ?? [],
          consent.method,
          consent.givenBy,
          actor.user.id,
        ],
      );
    }
    if (dto.note) {
      await m.query(`INSERT INTO notes (case_id, text_enc, created_by) VALUES ($1, $2, $3)`, [
        caseId,
        this.crypto.encrypt(dto.note, enc('notes', 'text_enc')),
        actor.user.id,
      ]);
    }
    await m.query(
      `INSERT INTO case_transitions (case_id, from_status, to_status, actor_id) VALUES ($1, NULL, 'intake', $2)`,
      [caseId, actor.user.id],
    );
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

  private nameBirthYearIndex(name: string | undefined, birthYear: number | undefined): string | null {
    if (!name || birthYear === undefined) return null;
    return this.crypto.nameBirthYearIndex(name, birthYear) ?? null;
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
      nameBirthYearIndex: this.nameBirthYearIndex(name, birthYear),
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
    return this.dataSource.transaction(async (m) => {
      await this.access.assert(actor.user, 'case.find_duplicates', undefined, { actor, manager: m });
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

  // --- reading ----------------------------------------------------------------------------------------

  private async page(
    actor: Actor,
    where: string[],
    params: unknown[],
    cursor: string | undefined,
    limit: number,
    auditAction: string,
  ): Promise<CaseListDto> {
    const after = decodeCursor(cursor, 2);
    if (after) {
      params.push(after[0], after[1]);
      where.push(
        `((extract(epoch FROM c.opened_at) * 1000000)::bigint, c.id) < ($${params.length - 1}::bigint, $${params.length}::uuid)`,
      );
    }
    const filter = this.access.filter(actor.user, 'case.list', 'case', {
      alias: 'c',
      firstParam: params.length + 1,
    });

    params.push(...filter.params);
    where.push(`(${filter.sql})`);
    params.push(limit + 1);
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<SummaryRow[]>(
        `SELECT ${SUMMARY_COLUMNS} FROM cases c WHERE ${where.join(' AND ')}
          ORDER BY c.opened_at DESC, c.id DESC LIMIT $${params.length}`,
        params,
      );
      const pageRows = rows.slice(0, limit);
      const last = pageRows[pageRows.length - 1];
      await this.audit.record(m, {
        action: auditAction,
        actor: actor.user,
        entityType: 'case',
        reasonCode: `results_${pageRows.length}`,
        requestId: actor.requestId,
      });
      return {
        items: pageRows.map(summaryOf),
        nextCursor: rows.length > limit && last ? encodeCursor([last.micros, last.id]) : null,
      };
    });
  }

  /**
   * Rules that can keep no case for this user at all (provider staff, managers, admins, auditors): the
   * list or search itself is refused, 403, and the refusal audited (docs/DESIGN.md §7).
   */
  private async assertMayList(actor: Actor): Promise<void> {
    if (this.access.filter(actor.user, 'case.list', 'case').sql !== 'FALSE') return;
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'access.denied',
        outcome: 'denied',
        actor: actor.user,
        entityType: 'case',
        reasonCode: 'case.list',
        requestId: actor.requestId,
      }),
    );
    throw new DomainError('FORBIDDEN');
  }

  private async findRow(id: string): Promise<CaseRow | undefined> {
    const [row] = await this.dataSource.query<CaseRow[]>(
      `SELECT id, reference, organization_id, channel, received_at, status, assignee_id, risk_level, context,
              restricted, created_by, opened_at, updated_at, version, closure_requested_at, closure_reason_code
         FROM cases WHERE id = $1`,
      [id],
    );
    return row;
  }

  private async readFile(m: EntityManager, row: CaseRow): Promise<CaseFileDto> {
    const d = (table: string, column: string, value: string | null): string | undefined =>
      value === null ? undefined : this.crypto.decrypt(value, enc(table, column));
    const [s] = await m.query<Record<string, string | boolean | null>[]>(
      `SELECT * FROM survivors WHERE case_id = $1`,
      [row.id],
    );
    const [r] = await m.query<Record<string, string | null>[]>(`SELECT * FROM reporters WHERE case_id = $1`, [
      row.id,
    ]);
    const [i] = await m.query<Record<string, unknown>[]>(
      `SELECT * FROM incidents WHERE case_id = $1 ORDER BY created_at, id LIMIT 1`,
      [row.id],
    );
    const [risk] = await m.query<{ answers_enc: string }[]>(
      `SELECT answers_enc FROM risk_assessments WHERE case_id = $1 ORDER BY assessed_at DESC, id LIMIT 1`,
      [row.id],
    );
    const consents = await m.query<Record<string, unknown>[]>(
      `SELECT purpose, provider_types, provider_ids, shared_fields, method, given_by FROM consents
        WHERE case_id = $1 AND withdrawn_at IS NULL ORDER BY given_at, id`,
      [row.id],
    );
    const [note] = await m.query<{ text_enc: string }[]>(
      `SELECT text_enc FROM notes WHERE case_id = $1 ORDER BY created_at, id LIMIT 1`,
      [row.id],
    );
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
    const sv = (k: string): string | null => str(s?.[k]) ?? null;
    const guardianText = d('survivors', 'guardian_enc', sv('guardian_enc'));
    const guardian = guardianText
      ? (JSON.parse(guardianText) as { fullName: string | null; phone: string | null })
      : undefined;
    const phonesText = d('survivors', 'phones_enc', sv('phones_enc'));
    const birthYear = d('survivors', 'birth_year_enc', sv('birth_year_enc'));
    const perpetrator = {
      relationship: str(i?.perpetrator_relationship),
      sex: str(i?.perpetrator_sex),
      ageGroup: str(i?.perpetrator_age_group),
      count: typeof i?.perpetrator_count === 'number' ? i.perpetrator_count : undefined,
    };
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      version: row.version,
      organizationId: row.organization_id,
      assigneeId: row.assignee_id,
      riskLevel: row.risk_level,
      context: row.context,
      restricted: row.restricted,
      openedAt: row.opened_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      channel: row.channel,
      receivedAt: row.received_at.toISOString(),
      closurePending:
        row.closure_requested_at && row.closure_reason_code
          ? { requestedAt: row.closure_requested_at.toISOString(), reasonCode: row.closure_reason_code }
          : null,
      survivor: {
        fullName: d('survivors', 'full_name_enc', sv('full_name_enc')),
        phones: phonesText ? (JSON.parse(phonesText) as string[]) : [],
        sex: sv('sex') ?? 'unknown',
        birthYear: birthYear === undefined ? undefined : Number(birthYear),
        dateOfBirth: d('survivors', 'date_of_birth_enc', sv('date_of_birth_enc')),
        ageGroup: sv('age_group') ?? undefined,
        nationalId: d('survivors', 'national_id_enc', sv('national_id_enc')),
        communeCode: sv('commune_code') ?? undefined,
        addressDetail: d('survivors', 'address_detail_enc', sv('address_detail_enc')),
        disability: bool(s?.disability),
        ethnicMinority: bool(s?.ethnic_minority),
        maritalStatus: sv('marital_status') ?? undefined,
        occupationGroup: sv('occupation_group') ?? undefined,
        guardian: guardian
          ? { fullName: guardian.fullName ?? undefined, phone: guardian.phone ?? undefined }
          : undefined,
        safeContact: {
          canCall: bool(s?.can_call),
          canText: bool(s?.can_text),
          canLeaveMessage: bool(s?.can_leave_message),
          phoneSharedWithPerpetrator: bool(s?.phone_shared_with_perpetrator),
          safeTimes: d('survivors', 'safe_times_enc', sv('safe_times_enc')),
          codeWord: d('survivors', 'code_word_enc', sv('code_word_enc')),
        },
      },
      reporter: r
        ? {
            relationship: r.relationship ?? '',
            fullName: d('reporters', 'full_name_enc', r.full_name_enc ?? null),
            phone: d('reporters', 'phone_enc', r.phone_enc ?? null),
          }
        : undefined,
      incident: {
        occurredOn: str(i?.occurred_on),
        communeCode: str(i?.commune_code),
        placeType: str(i?.place_type),
        violenceTypes: (i?.violence_types as string[] | undefined) ?? [],
        dvActs: (i?.dv_acts as string[] | undefined) ?? [],
        perpetrator,
        repeated: bool(i?.repeated),
        previouslyReported: bool(i?.previously_reported),
        childrenPresent: bool(i?.children_present),
        exchangeInvolved: bool(i?.exchange_involved),
      },
      risk: risk
        ? {
            answers: JSON.parse(
              this.crypto.decrypt(risk.answers_enc, enc('risk_assessments', 'answers_enc')),
            ) as Record<string, unknown>,
          }
        : undefined,
      consents: consents.map((x) => ({
        purpose: x.purpose as string,
        providerTypes: x.provider_types as string[],
        providerIds: x.provider_ids as string[],
        sharedFields: x.shared_fields as string[],
        method: x.method as string,
        givenBy: x.given_by as string,
      })),
      note: note ? this.crypto.decrypt(note.text_enc, enc('notes', 'text_enc')) : undefined,
    };
  }
}
