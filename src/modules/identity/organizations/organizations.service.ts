import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../../platform/catalogues';
import { decodeCursor, DomainError, Page, pageOf } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../../platform/idempotency';
import type { Queryable } from '../../../platform/database';
import { AuditService } from '../../audit';
import { GeographyService } from '../../geography';
import { PageQueryDto } from '../dto/list-query.dto';
import { CreateOrganizationDto, OrganizationDto, UpdateOrganizationDto } from '../dto/organization.dto';
import { Organization, OrganizationRepository, OrganizationValues } from './organization.repository';
import '../identity.errors';

const nameTaken = (): DomainError =>
  new DomainError('ORGANIZATION_NAME_TAKEN', { field: 'name' }, [{ field: 'name' }]);

const valuesOf = (dto: CreateOrganizationDto): OrganizationValues => ({
  name: dto.name,
  type: dto.type,
  provinceCode: dto.provinceCode,
  communeCode: dto.communeCode ?? null,
  parentId: dto.parentId ?? null,
});

/** Organisations (admin): type from the catalogue, province and commune in force, a parent without cycles. */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationRepository,
    private readonly catalogues: CatalogueService,
    private readonly geography: GeographyService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async create(actor: Actor, dto: CreateOrganizationDto, cmd: IdempotentCommand): Promise<OrganizationDto> {
    await this.checkPlace(dto.type, dto.provinceCode, dto.communeCode ?? null);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        if (dto.parentId) await this.assertParentExists(m, dto.parentId);
        const org = await this.organizations.insert(m, valuesOf(dto));
        if (!org) throw nameTaken();
        await this.audit.record(m, {
          action: 'organization.created',
          actor: actor.user,
          entityType: 'organization',
          entityId: org.id,
          requestId: actor.requestId,
        });
        return org;
      }),
    );
  }

  /** For the create-admin command: an organisation made outside any request, audited as the system. */
  async createBySystem(dto: CreateOrganizationDto): Promise<OrganizationDto> {
    await this.checkPlace(dto.type, dto.provinceCode, dto.communeCode ?? null);
    return this.dataSource.transaction(async (m) => {
      const org = await this.organizations.insert(m, valuesOf(dto));
      if (!org) throw nameTaken();
      await this.audit.record(m, {
        action: 'organization.created',
        actor: null,
        entityType: 'organization',
        entityId: org.id,
        reasonCode: 'cli',
      });
      return org;
    });
  }

  async list(query: PageQueryDto): Promise<Page<OrganizationDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.organizations.pageByName(after, limit + 1);
    return pageOf(
      rows,
      limit,
      (o) => [o.name, o.id],
      (o) => o,
    );
  }

  async get(id: string): Promise<OrganizationDto> {
    const org = await this.organizations.find(this.dataSource.manager, id);
    if (!org) throw new DomainError('ORGANIZATION_NOT_FOUND');
    return org;
  }

  async update(actor: Actor, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.organizations.find(m, id, { lock: true });
      if (!before) throw new DomainError('ORGANIZATION_NOT_FOUND');
      if (dto.version !== undefined && dto.version !== before.version)
        throw new DomainError('VERSION_CONFLICT');
      const next = nextValues(before, dto);
      await this.checkPlace(next.type, next.provinceCode, next.communeCode);
      if (next.parentId && next.parentId !== before.parentId) await this.assertNoCycle(m, id, next.parentId);
      const after = await this.organizations.update(m, id, next);
      if (after === 'name_taken') throw nameTaken();
      if (!after) throw new DomainError('ORGANIZATION_NOT_FOUND');
      await this.audit.record(m, {
        action: 'organization.updated',
        actor: actor.user,
        entityType: 'organization',
        entityId: id,
        requestId: actor.requestId,
      });
      return after;
    });
  }

  /** The type is a catalogue key; the province and the commune (within it) are units in force. */
  private async checkPlace(type: string, provinceCode: string, communeCode: string | null): Promise<void> {
    // Its own code (UNKNOWN_ORGANIZATION_TYPE), part of the API: not catalogues.assertKey's.
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

  private async assertParentExists(m: Queryable, parentId: string): Promise<void> {
    if (!(await this.organizations.exists(m, parentId)))
      throw new DomainError('UNKNOWN_ORGANIZATION', { field: 'parentId' }, [{ field: 'parentId' }]);
  }

  /** The new parent must exist and must not be the organisation itself or one below it. */
  private async assertNoCycle(m: Queryable, id: string, parentId: string): Promise<void> {
    await this.assertParentExists(m, parentId);
    if (await this.organizations.isAncestorOrSelf(m, id, parentId))
      throw new DomainError('ORGANIZATION_PARENT_CYCLE', { field: 'parentId' }, [{ field: 'parentId' }]);
  }
}

/** The organisation after a partial change: absent keeps, null clears. */
function nextValues(before: Organization, dto: UpdateOrganizationDto): OrganizationValues {
  return {
    name: dto.name ?? before.name,
    type: dto.type ?? before.type,
    provinceCode: dto.provinceCode ?? before.provinceCode,
    // A new province without a commune drops the old commune.
    communeCode:
      dto.communeCode !== undefined
        ? dto.communeCode
        : dto.provinceCode !== undefined && dto.provinceCode !== before.provinceCode
          ? null
          : before.communeCode,
    parentId: dto.parentId !== undefined ? dto.parentId : before.parentId,
  };
}
