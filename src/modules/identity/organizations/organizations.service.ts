import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../../platform/catalogues';
import { DomainError } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { IdempotencyService } from '../../../platform/idempotency';
import { AuditService } from '../../audit';
import { GeographyService } from '../../geography';
import { decodeCursor, encodeCursor } from '../../../platform/http';
import { PageQueryDto } from '../dto/list-query.dto';
import {
  CreateOrganizationDto,
  OrganizationDto,
  OrganizationListDto,
  UpdateOrganizationDto,
} from '../dto/organization.dto';
import { updateReturning } from '../sql';
import '../identity.errors';

interface OrganizationRow {
  id: string;
  name: string;
  type: string;
  province_code: string;
  commune_code: string | null;
  parent_id: string | null;
  version: number;
}

const COLUMNS = `id, name, type, province_code, commune_code, parent_id, version`;

const toDto = (r: OrganizationRow): OrganizationDto => ({
  id: r.id,
  name: r.name,
  type: r.type,
  provinceCode: r.province_code,
  communeCode: r.commune_code,
  parentId: r.parent_id,
  version: r.version,
});

const UNIQUE_VIOLATION = '23505';

/** Organisations (admin): type from the catalogue, province and commune in force, a parent without cycles. */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly geography: GeographyService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async create(
    actor: Actor,
    dto: CreateOrganizationDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: OrganizationDto }> {
    await this.checkPlace(dto.type, dto.provinceCode, dto.communeCode ?? null);
    return this.dataSource.transaction(async (m) => {
      const result = await this.idempotency.run(
        m,
        { scope: actor.user.id, route: 'POST /api/v1/organizations', key: idempotencyKey, body: dto },
        async () => {
          if (dto.parentId) await this.assertParentExists(m, dto.parentId);
          const row = await this.insert(m, dto);
          await this.audit.record(m, {
            action: 'organization.created',
            actor: actor.user,
            entityType: 'organization',
            entityId: row.id,
            requestId: actor.requestId,
          });
          return { statusCode: 201, body: toDto(row) };
        },
      );
      return { statusCode: result.statusCode, body: result.body };
    });
  }

  /** For the create-admin command: an organisation made outside any request, audited as the system. */
  async createBySystem(dto: CreateOrganizationDto): Promise<OrganizationDto> {
    await this.checkPlace(dto.type, dto.provinceCode, dto.communeCode ?? null);
    return this.dataSource.transaction(async (m) => {
      const row = await this.insert(m, dto);
      await this.audit.record(m, {
        action: 'organization.created',
        actor: null,
        entityType: 'organization',
        entityId: row.id,
        reasonCode: 'cli',
      });
      return toDto(row);
    });
  }

  async list(query: PageQueryDto): Promise<OrganizationListDto> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2);
    const params: unknown[] = [];
    let where = '';
    if (after) {
      params.push(after[0], after[1]);
      where = `WHERE (name, id) > ($1, $2::uuid)`;
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<OrganizationRow[]>(
      `SELECT ${COLUMNS} FROM organizations ${where} ORDER BY name, id LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }

  async get(id: string): Promise<OrganizationDto> {
    const [row] = await this.dataSource.query<OrganizationRow[]>(
      `SELECT ${COLUMNS} FROM organizations WHERE id = $1`,
      [id],
    );
    if (!row) throw new DomainError('ORGANIZATION_NOT_FOUND');
    return toDto(row);
  }

  /** The first organisation by name, if any (the create-admin command's default). */
  async first(): Promise<OrganizationDto | undefined> {
    const [row] = await this.dataSource.query<OrganizationRow[]>(
      `SELECT ${COLUMNS} FROM organizations ORDER BY created_at, id LIMIT 1`,
    );
    return row ? toDto(row) : undefined;
  }

  async findByName(name: string): Promise<OrganizationDto | undefined> {
    const [row] = await this.dataSource.query<OrganizationRow[]>(
      `SELECT ${COLUMNS} FROM organizations WHERE name = $1`,
      [name],
    );
    return row ? toDto(row) : undefined;
  }

  async update(actor: Actor, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await m.query<OrganizationRow[]>(
        `SELECT ${COLUMNS} FROM organizations WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before) throw new DomainError('ORGANIZATION_NOT_FOUND');
      if (dto.version !== undefined && dto.version !== before.version)
        throw new DomainError('VERSION_CONFLICT');
      const next = {
        name: dto.name ?? before.name,
        type: dto.type ?? before.type,
        provinceCode: dto.provinceCode ?? before.province_code,
        // null clears; absent keeps. A new province without a commune drops the old commune.
        communeCode:
          dto.communeCode !== undefined
            ? dto.communeCode
            : dto.provinceCode !== undefined && dto.provinceCode !== before.province_code
              ? null
              : before.commune_code,
        parentId: dto.parentId !== undefined ? dto.parentId : before.parent_id,
      };
      await this.checkPlace(next.type, next.provinceCode, next.communeCode);
      if (next.parentId && next.parentId !== before.parent_id) await this.assertNoCycle(m, id, next.parentId);
      let after: OrganizationRow | undefined;
      try {
        [after] = await updateReturning<OrganizationRow>(
          m,
          `UPDATE organizations SET name = $2, type = $3, province_code = $4, commune_code = $5, parent_id = $6,
                  updated_at = now(), version = version + 1
            WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, next.name, next.type, next.provinceCode, next.communeCode, next.parentId],
        );
      } catch (e) {
        throw nameTaken(e) ?? e;
      }
      if (!after) throw new DomainError('ORGANIZATION_NOT_FOUND');
      await this.audit.record(m, {
        action: 'organization.updated',
        actor: actor.user,
        entityType: 'organization',
        entityId: id,
        requestId: actor.requestId,
      });
      return toDto(after);
    });
  }

  private async insert(m: EntityManager, dto: CreateOrganizationDto): Promise<OrganizationRow> {
    const [row] = await m.query<OrganizationRow[]>(
      `INSERT INTO organizations (name, type, province_code, commune_code, parent_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
      [dto.name, dto.type, dto.provinceCode, dto.communeCode ?? null, dto.parentId ?? null],
    );
    if (!row) throw new DomainError('ORGANIZATION_NAME_TAKEN', { field: 'name' }, [{ field: 'name' }]);
    return row;
  }

  /** The type is a catalogue key; the province and the commune (within it) are units in force. */
  private async checkPlace(type: string, provinceCode: string, communeCode: string | null): Promise<void> {
    if (!this.catalogues.has('organization-types', type)) {
      throw new DomainError(
        'UNKNOWN_ORGANIZATION_TYPE',
        { field: 'type', allowed: this.catalogues.keys('organization-types').join(', ') },
        [{ field: 'type' }],
      );
    }
    if (!(await this.geography.provinceExists(provinceCode)))
      throw new DomainError('UNKNOWN_PROVINCE', { field: 'provinceCode' }, [{ field: 'provinceCode' }]);
    if (communeCode !== null && !(await this.geography.communeExists(communeCode, provinceCode)))
      throw new DomainError('UNKNOWN_COMMUNE', { field: 'communeCode' }, [{ field: 'communeCode' }]);
  }

  private async assertParentExists(m: EntityManager, parentId: string): Promise<void> {
    const [row] = await m.query<{ id: string }[]>(`SELECT id FROM organizations WHERE id = $1`, [parentId]);
    if (!row) throw new DomainError('UNKNOWN_ORGANIZATION', { field: 'parentId' }, [{ field: 'parentId' }]);
  }

  /** The new parent must exist and must not be the organisation itself or one below it. */
  private async assertNoCycle(m: EntityManager, id: string, parentId: string): Promise<void> {
    await this.assertParentExists(m, parentId);
    const [row] = await m.query<{ cycle: boolean }[]>(
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM organizations WHERE id = $1
         UNION
         SELECT o.id, o.parent_id FROM organizations o JOIN up ON o.id = up.parent_id
       )
       SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS cycle`,
      [parentId, id],
    );
    if (row?.cycle)
      throw new DomainError('ORGANIZATION_PARENT_CYCLE', { field: 'parentId' }, [{ field: 'parentId' }]);
  }
}

function nameTaken(e: unknown): DomainError | undefined {
  const code =
    (e as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ??
    (e as { code?: unknown } | null)?.code;
  return code === UNIQUE_VIOLATION
    ? new DomainError('ORGANIZATION_NAME_TAKEN', { field: 'name' }, [{ field: 'name' }])
    : undefined;
}
