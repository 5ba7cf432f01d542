import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, decodeCursor, DomainError, pageOf } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { AccessRecord, AccessService } from '../access';
import { AuditService } from '../audit';
import { GeographyService } from '../geography';
import { Activity, ActivityRepository, ActivityValues, StoredActivity } from './activity.repository';
import { assertActivityDate, assertYouthWithinTotal, modelFor } from './domain/activity-rules';
import {
  ActivityDetailDto,
  ActivityDto,
  ActivityListDto,
  CreateActivityDto,
  ListActivitiesQuery,
  UpdateActivityDto,
} from './dto/activity.dto';
import './activities.errors';

const PAGE_DEFAULT = 50;

const accessRecordOf = (a: Activity): AccessRecord => ({
  id: a.id,
  organizationId: a.organizationId,
  createdBy: a.createdBy,
  createdAt: a.createdAt,
});

const dtoOf = (a: Activity): ActivityDto => ({
  id: a.id,
  kind: a.kind,
  project: a.project,
  model: a.model,
  title: a.title,
  date: a.date,
  provinceCode: a.provinceCode,
  communeCode: a.communeCode,
  organizationId: a.organizationId,
  audience: a.audience,
  participants: { ...a.participants },
  youthParticipants: a.youthParticipants,
  residentialClustersReached: a.residentialClustersReached,
  createdBy: a.createdBy,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
  version: a.version,
});

/** Community activities (docs/DESIGN.md §6): counts only; the notes are encrypted and shown one at a time. */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivityRepository,
    private readonly catalogues: CatalogueService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly geography: GeographyService,
  ) {}

  async create(actor: Actor, dto: CreateActivityDto, cmd: IdempotentCommand): Promise<ActivityDto> {
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
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, () => this.insert(m, actor, values, dto.notes)),
    );
  }

  async get(actor: Actor, id: string): Promise<ActivityDetailDto> {
    const row = await this.activities.findById(this.dataSource.manager, id);
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
    const after = decodeCursor(query.cursor, 2);
    const limit = query.limit ?? PAGE_DEFAULT;
    const rows = await this.activities.page(
      this.dataSource.manager,
      {
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.provinceCode ? { provinceCode: query.provinceCode } : {}),
        ...(query.communeCode ? { communeCode: query.communeCode } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(after ? { after: { date: after[0] ?? '', id: after[1] ?? '' } } : {}),
        visible: (firstParam) =>
          this.access.filter(actor.user, 'activity.list', 'activity', { alias: 'a', firstParam }),
      },
      limit + 1,
    );
    return pageOf(rows, limit, (a) => [a.date, a.id], dtoOf);
  }

  async update(actor: Actor, id: string, dto: UpdateActivityDto): Promise<ActivityDto> {
    const was = await this.activities.findById(this.dataSource.manager, id);
    if (!was) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'activity.update', accessRecordOf(was), { actor });
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
      const row = await this.activities.updateVersioned(m, id, dto.version, values, dto.notes);
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
    const row = await this.activities.insert(
      m,
      v,
      { organizationId: actor.user.organizationId, userId: actor.user.id },
      notes,
    );
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

  private detailOf(row: StoredActivity): ActivityDetailDto {
    return Object.assign(dtoOf(row), { notes: this.activities.openNotes(row) });
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
