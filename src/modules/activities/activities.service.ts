import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, decodeCursor, DomainError, encodeCursor } from '../../platform/http';
import { IdempotencyService } from '../../platform/idempotency';
import { AccessRecord, AccessService } from '../access';
import { AuditService } from '../audit';
import { GeographyService } from '../geography';
import { NOTES_CONTEXT } from './activities.crypto';
import { assertActivityDate, assertYouthWithinTotal, modelFor } from './domain/activity-rules';
import {
  ActivityDetailDto,
  ActivityDto,
  ActivityListDto,
  CreateActivityDto,
  ListActivitiesQuery,
  ParticipantsDto,
  UpdateActivityDto,
} from './dto/activity.dto';
import './activities.errors';

const ROUTE_CREATE = 'POST /api/v1/activities';
const PAGE_DEFAULT = 50;

interface ActivityRow {
  id: string;
  kind: string;
  project: number;
  model: number | null;
  title: string;
  date: string;
  province_code: string;
  commune_code: string | null;
  organization_id: string;
  audience: string[];
  participants_female: number;
  participants_male: number;
  participants_other: number;
  youth_participants: number | null;
  residential_clusters_reached: number | null;
  notes_enc: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** The checked values of an activity, as stored (notes in clear until written). */
interface ActivityValues {
  kind: string;
  project: number;
  model: number | null;
  title: string;
  date: string;
  provinceCode: string;
  communeCode: string | null;
  audience: string[];
  participants: ParticipantsDto;
  youthParticipants: number | null;
  residentialClustersReached: number | null;
}

// date as text: the pg driver would turn a date column into a JavaScript Date at local midnight.
const COLUMNS = `a.id, a.kind, a.project, a.model, a.title, a.date::text AS date, a.province_code, a.commune_code,
  a.organization_id, a.audience, a.participants_female, a.participants_male, a.participants_other,
  a.youth_participants, a.residential_clusters_reached, a.created_by, a.created_at, a.updated_at, a.version`;

const accessRecordOf = (r: ActivityRow): AccessRecord => ({
  id: r.id,
  organizationId: r.organization_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const dtoOf = (r: ActivityRow): ActivityDto => ({
  id: r.id,
  kind: r.kind,
  project: r.project,
  model: r.model,
  title: r.title,
  date: r.date,
  provinceCode: r.province_code,
  communeCode: r.commune_code,
  organizationId: r.organization_id,
  audience: r.audience,
  participants: { female: r.participants_female, male: r.participants_male, other: r.participants_other },
  youthParticipants: r.youth_participants,
  residentialClustersReached: r.residential_clusters_reached,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
});

const valuesOf = (r: ActivityRow): ActivityValues => ({
  kind: r.kind,
  project: r.project,
  model: r.model,
  title: r.title,
  date: r.date,
  provinceCode: r.province_code,
  communeCode: r.commune_code,
  audience: r.audience,
  participants: { female: r.participants_female, male: r.participants_male, other: r.participants_other },
  youthParticipants: r.youth_participants,
  residentialClustersReached: r.residential_clusters_reached,
});

/** Community activities (docs/DESIGN.md §6): counts only; the notes are encrypted and shown one at a time. */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly geography: GeographyService,
  ) {}

  async create(
    actor: Actor,
    dto: CreateActivityDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: ActivityDto }> {
    await this.access.assert(actor.user, 'activity.create', undefined, { actor });
    const values = await this.check({
      kind: dto.kind,
      project: dto.project,
      model: dto.model ?? null,
      title: dto.title,
      date: dto.date,
      provinceCode: dto.provinceCode,
      communeCode: dto.communeCode ?? null,
      audience: dto.audience,
      participants: dto.participants,
      youthParticipants: dto.youthParticipants ?? null,
      residentialClustersReached: dto.residentialClustersReached ?? null,
    });
    return this.dataSource.transaction(async (m) => {
      const result = await this.idempotency.run(
        m,
        { scope: actor.user.id, route: ROUTE_CREATE, key: idempotencyKey, body: dto },
        async () => ({ statusCode: 201, body: await this.insert(m, actor, values, dto.notes) }),
      );
      return { statusCode: result.statusCode, body: result.body };
    });
  }

  async get(actor: Actor, id: string): Promise<ActivityDetailDto> {
    const row = await this.findRow(this.dataSource.manager, id);
    if (!row) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'activity.read', accessRecordOf(row), { actor });
    return this.dataSource.transaction(async (m) => {
      // The notes may name people: each read that shows them is audited.
      await this.audit.record(m, {
        action: 'activity.read',
        actor: actor.user,
        entityType: 'activity',
        entityId: row.id,
        requestId: actor.requestId,
      });
      return this.detailOf(row);
    });
  }

  async list(actor: Actor, query: ListActivitiesQuery): Promise<ActivityListDto> {
    await this.assertMayList(actor);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.from) where.push(`a.date >= ${add(query.from)}::date`);
    if (query.to) where.push(`a.date <= ${add(query.to)}::date`);
    if (query.provinceCode) where.push(`a.province_code = ${add(query.provinceCode)}`);
    if (query.communeCode) where.push(`a.commune_code = ${add(query.communeCode)}`);
    if (query.kind) where.push(`a.kind = ${add(query.kind)}`);
    const after = decodeCursor(query.cursor, 2);
    if (after) where.push(`(a.date, a.id) < (${add(after[0])}::date, ${add(after[1])}::uuid)`);
    const filter = this.access.filter(actor.user, 'activity.list', 'activity', {
      alias: 'a',
      firstParam: params.length + 1,
    });
    params.push(...filter.params);
    where.push(`(${filter.sql})`);
    const limit = query.limit ?? PAGE_DEFAULT;
    const rows = await this.dataSource.query<ActivityRow[]>(
      `SELECT ${COLUMNS} FROM activities a WHERE ${where.join(' AND ')}
        ORDER BY a.date DESC, a.id DESC LIMIT ${add(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(dtoOf),
      nextCursor: rows.length > limit && last ? encodeCursor([last.date, last.id]) : null,
    };
  }

  async update(actor: Actor, id: string, dto: UpdateActivityDto): Promise<ActivityDto> {
    const before = await this.findRow(this.dataSource.manager, id);
    if (!before) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'activity.update', accessRecordOf(before), { actor });
    const was = valuesOf(before);
    // Without a model given, the stored one stays, unless it was only the old kind's implied model.
    const keptModel = this.impliedModel(was.kind) === undefined ? was.model : null;
    const values = await this.check({
      kind: dto.kind ?? was.kind,
      project: dto.project ?? was.project,
      model: dto.model === undefined ? keptModel : dto.model,
      title: dto.title ?? was.title,
      date: dto.date ?? was.date,
      provinceCode: dto.provinceCode ?? was.provinceCode,
      communeCode: dto.communeCode === undefined ? was.communeCode : dto.communeCode,
      audience: dto.audience ?? was.audience,
      participants: dto.participants ?? was.participants,
      youthParticipants: dto.youthParticipants === undefined ? was.youthParticipants : dto.youthParticipants,
      residentialClustersReached:
        dto.residentialClustersReached === undefined
          ? was.residentialClustersReached
          : dto.residentialClustersReached,
    });
    return this.dataSource.transaction(async (m) => {
      const notes =
        dto.notes === undefined
          ? undefined
          : dto.notes === null || dto.notes === ''
            ? null
            : this.crypto.encrypt(dto.notes, NOTES_CONTEXT);
      // TypeORM answers an UPDATE with [rows, count]: the CTE makes it a plain SELECT.
      const [row] = await m.query<ActivityRow[]>(
        `WITH a AS (UPDATE activities a SET kind = $3, project = $4, model = $5, title = $6, date = $7::date,
                province_code = $8, commune_code = $9, audience = $10::text[], participants_female = $11,
                participants_male = $12, participants_other = $13, youth_participants = $14,
                residential_clusters_reached = $15,
                notes_enc = CASE WHEN $16::boolean THEN $17::text ELSE a.notes_enc END,
                version = a.version + 1, updated_at = now()
          WHERE a.id = $1 AND a.version = $2
          RETURNING a.*)
         SELECT ${COLUMNS} FROM a`,
        [
          id,
          dto.version,
          values.kind,
          values.project,
          values.model,
          values.title,
          values.date,
          values.provinceCode,
          values.communeCode,
          values.audience,
          values.participants.female,
          values.participants.male,
          values.participants.other,
          values.youthParticipants,
          values.residentialClustersReached,
          notes !== undefined,
          notes ?? null,
        ],
      );
      if (!row) throw new DomainError('VERSION_CONFLICT');
      await this.audit.record(m, {
        action: 'activity.updated',
        actor: actor.user,
        entityType: 'activity',
        entityId: row.id,
        requestId: actor.requestId,
      });
      return dtoOf(row);
    });
  }

  // --- checks -----------------------------------------------------------------------------------------

  /** Every check of an activity before anything is written: 400/422 naming the field. */
  private async check(v: ActivityValues): Promise<ActivityValues> {
    this.key('activity-kinds', v.kind, 'kind');
    v.audience.forEach((a, n) => {
      this.key('activity-audiences', a, `audience.${n}`);
    });
    assertActivityDate(v.date, new Date());
    assertYouthWithinTotal(v.participants, v.youthParticipants);
    const model = modelFor(this.impliedModel(v.kind), v.model);
    if (!(await this.geography.provinceExists(v.provinceCode)))
      throw new DomainError('ACTIVITY_PROVINCE_UNKNOWN', { field: 'provinceCode' });
    if (v.communeCode !== null && !(await this.geography.communeExists(v.communeCode, v.provinceCode)))
      throw new DomainError('ACTIVITY_COMMUNE_UNKNOWN', { field: 'communeCode' });
    return { ...v, model, audience: [...new Set(v.audience)] };
  }

  /** The plan model a kind of activity implies (config/catalogues/activity-kinds.yaml), if any. */
  private impliedModel(kind: string): number | undefined {
    const model = this.catalogues.item('activity-kinds', kind)?.model;
    return typeof model === 'number' ? model : undefined;
  }

  private key(catalogue: string, value: string, field: string): void {
    if (this.catalogues.has(catalogue, value)) return;
    const allowed = this.catalogues.keys(catalogue);
    throw new DomainError('ACTIVITY_KEY_UNKNOWN', { field, allowed: allowed.join(', ') }, { allowed });
  }

  // --- rows -------------------------------------------------------------------------------------------

  private async insert(
    m: EntityManager,
    actor: Actor,
    v: ActivityValues,
    notes: string | undefined,
  ): Promise<ActivityDto> {
    const [row] = await m.query<ActivityRow[]>(
      `INSERT INTO activities AS a (kind, project, model, title, date, province_code, commune_code,
              organization_id, audience, participants_female, participants_male, participants_other,
              youth_participants, residential_clusters_reached, notes_enc, created_by)
       VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9::text[], $10, $11, $12, $13, $14, $15, $16)
       RETURNING ${COLUMNS}`,
      [
        v.kind,
        v.project,
        v.model,
        v.title,
        v.date,
        v.provinceCode,
        v.communeCode,
        actor.user.organizationId,
        v.audience,
        v.participants.female,
        v.participants.male,
        v.participants.other,
        v.youthParticipants,
        v.residentialClustersReached,
        notes ? this.crypto.encrypt(notes, NOTES_CONTEXT) : null,
        actor.user.id,
      ],
    );
    if (!row) throw new Error('activity insert returned nothing');
    await this.audit.record(m, {
      action: 'activity.created',
      actor: actor.user,
      entityType: 'activity',
      entityId: row.id,
      requestId: actor.requestId,
    });
    // No notes: the answer is kept for Idempotency-Key replays, and notes are shown only by GET :id.
    return dtoOf(row);
  }

  private async findRow(m: EntityManager, id: string): Promise<ActivityRow | undefined> {
    const [row] = await m.query<ActivityRow[]>(
      `SELECT ${COLUMNS}, a.notes_enc FROM activities a WHERE a.id = $1`,
      [id],
    );
    return row;
  }

  private detailOf(row: ActivityRow): ActivityDetailDto {
    const notes = row.notes_enc ? this.crypto.decrypt(row.notes_enc, NOTES_CONTEXT) : null;
    return Object.assign(dtoOf(row), { notes });
  }

  /** Roles that may see no activity at all: the list itself is refused, 403, and the refusal audited. */
  private async assertMayList(actor: Actor): Promise<void> {
    if (this.access.filter(actor.user, 'activity.list', 'activity').sql !== 'FALSE') return;
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'access.denied',
        outcome: 'denied',
        actor: actor.user,
        entityType: 'activity',
        reasonCode: 'activity.list',
        requestId: actor.requestId,
      }),
    );
    throw new DomainError('FORBIDDEN');
  }
}
