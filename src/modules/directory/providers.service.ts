import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, decodeCursor, DomainError, encodeCursor } from '../../platform/http';
import { IdempotencyService } from '../../platform/idempotency';
import { AccessRecord, AccessService } from '../access';
import { AuditService } from '../audit';
import { GeographyService } from '../geography';
import { IdentityDirectoryService } from '../identity';
import { DIRECTORY_CONFIG, DirectoryConfig } from './directory.config';
import { ADDRESS_CONTEXT, PHONE_CONTEXT } from './directory.crypto';
import {
  assertCapacity,
  assertTypeOfOrganization,
  disclosesConfidential,
  likePattern,
  ProviderRecord,
  ProviderView,
  viewOfProvider,
} from './domain/provider';
import {
  CreateProviderDto,
  ListProvidersQuery,
  ProviderDto,
  ProviderListDto,
  UpdateProviderDto,
} from './dto/provider.dto';
import './directory.errors';

const ROUTE_CREATE = 'POST /api/v1/providers';
const UNIQUE_VIOLATION = '23505';
const NAME_UNIQUE = 'providers_organization_name_uq';
const DEFAULT_LIMIT = 50;

interface ProviderRow {
  id: string;
  name: string;
  type: string;
  organization_id: string;
  province_code: string;
  commune_code: string;
  address_text_enc: string | null;
  phone_enc: string | null;
  hours: string | null;
  services: string[];
  area_served: string[];
  capacity: number | null;
  accepting_referrals: boolean;
  languages: string[];
  version: number;
  referring_organization_ids: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `p.id, p.name, p.type, p.organization_id, p.province_code, p.commune_code, p.address_text_enc,
  p.phone_enc, p.hours, p.services, p.area_served, p.capacity, p.accepting_referrals, p.languages, p.version,
  p.created_at, p.updated_at,
  ARRAY(SELECT pp.organization_id::text FROM provider_partner_organizations pp
         WHERE pp.provider_id = p.id ORDER BY pp.organization_id) AS referring_organization_ids`;

const accessRecordOf = (r: { id: string; organization_id: string }): AccessRecord => ({
  id: r.id,
  organizationId: r.organization_id,
});

/**
 * The service directory (docs/DESIGN.md §4): search, read, create and update providers. A confidential
 * provider's (config/directory.yaml) address and phone are decrypted only for callers the access rules
 * allow (provider.read_confidential), and each such read is audited.
 */
@Injectable()
export class ProvidersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DIRECTORY_CONFIG) private readonly config: DirectoryConfig,
    private readonly catalogues: CatalogueService,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly geography: GeographyService,
    private readonly identity: IdentityDirectoryService,
  ) {}

  // --- reading ----------------------------------------------------------------------------------------

  async list(actor: Actor, query: ListProvidersQuery): Promise<ProviderListDto> {
    await this.access.assert(actor.user, 'provider.list', undefined, { actor });
    if (query.service !== undefined) this.key('services', query.service, 'service');
    if (query.type !== undefined) this.key('organization-types', query.type, 'type');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, 2);

    // The confidential decision per row is the same rule as a single read, compiled to SQL.
    const confidential = this.access.filter(actor.user, 'provider.read_confidential', 'provider', {
      alias: 'p',
    });
    const params: unknown[] = [...confidential.params];
    const add = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const listable = this.access.filter(actor.user, 'provider.list', 'provider', {
      alias: 'p',
      firstParam: params.length + 1,
    });
    params.push(...listable.params);
    const where: string[] = [`(${listable.sql})`];
    if (query.service !== undefined) where.push(`p.services @> ARRAY[${add(query.service)}]::text[]`);
    if (query.type !== undefined) where.push(`p.type = ${add(query.type)}`);
    if (query.communeCode !== undefined) {
      const c = add(query.communeCode);
      where.push(`(p.commune_code = ${c} OR p.area_served @> ARRAY[${c}]::varchar[])`);
    }
    if (query.accepting !== undefined) {
      where.push(`p.accepting_referrals = ${add(query.accepting === 'true')}`);
    }
    if (query.q !== undefined) where.push(`p.name ILIKE ${add(likePattern(query.q))}`);
    if (after) where.push(`(p.name, p.id) > (${add(after[0])}, ${add(after[1])}::uuid)`);
    const limitParam = add(limit + 1);

    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<(ProviderRow & { may_read_confidential: boolean })[]>(
        `SELECT ${COLUMNS}, (${confidential.sql}) AS may_read_confidential
           FROM providers p WHERE ${where.join(' AND ')}
          ORDER BY p.name, p.id LIMIT ${limitParam}`,
        params,
      );
      const page = rows.slice(0, limit);
      const items: ProviderDto[] = [];
      for (const row of page) {
        items.push(await this.present(m, actor, row, row.may_read_confidential));
      }
      const last = page[page.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
      };
    });
  }

  async get(actor: Actor, id: string): Promise<ProviderDto> {
    const row = await this.findRow(this.dataSource.manager, id);
    if (!row) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'provider.read', accessRecordOf(row), { actor });
    return this.dataSource.transaction(async (m) => this.presentChecked(m, actor, row));
  }

  // --- keeping the directory ----------------------------------------------------------------------------

  async create(
    actor: Actor,
    dto: CreateProviderDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: ProviderDto }> {
    await this.access.assert(actor.user, 'provider.manage', undefined, { actor });
    this.key('organization-types', dto.type, 'type');
    this.keys('services', dto.services, 'services');
    const organization = await this.identity.organizationFacts(dto.organizationId);
    if (!organization) {
      throw new DomainError('PROVIDER_ORGANIZATION_UNKNOWN', { field: 'organizationId' });
    }
    assertTypeOfOrganization(dto.type, organization.type);
    await this.checkPlace(dto.provinceCode, dto.communeCode, true);
    await this.checkAreaServed(dto.areaServed ?? []);
    assertCapacity(dto.type, dto.capacity ?? null, this.config.capacityRequiredTypes);
    await this.checkPartners(dto.referringOrganizationIds ?? []);

    const result = await this.dataSource.transaction((m) =>
      this.idempotency.run(
        m,
        { scope: actor.user.id, route: ROUTE_CREATE, key: idempotencyKey, body: dto },
        async () => {
          const id = await this.insert(m, actor, dto);
          await this.replacePartners(m, actor, id, dto.referringOrganizationIds ?? []);
          await this.audit.record(m, {
            action: 'provider.created',
            actor: actor.user,
            entityType: 'provider',
            entityId: id,
            requestId: actor.requestId,
          });
          return { statusCode: 201, body: await this.presentById(m, actor, id) };
        },
      ),
    );
    return { statusCode: result.statusCode, body: result.body };
  }

  async update(actor: Actor, id: string, dto: UpdateProviderDto): Promise<ProviderDto> {
    const before = await this.findRow(this.dataSource.manager, id);
    if (!before) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'provider.manage', accessRecordOf(before), { actor });
    if (dto.services !== undefined) this.keys('services', dto.services, 'services');
    if (dto.provinceCode !== undefined || dto.communeCode !== undefined) {
      await this.checkPlace(
        dto.provinceCode ?? before.province_code,
        dto.communeCode ?? before.commune_code,
        dto.provinceCode !== undefined,
      );
    }
    if (dto.areaServed !== undefined) await this.checkAreaServed(dto.areaServed);
    assertCapacity(
      before.type,
      dto.capacity !== undefined ? dto.capacity : before.capacity,
      this.config.capacityRequiredTypes,
    );
    if (dto.referringOrganizationIds !== undefined) await this.checkPartners(dto.referringOrganizationIds);

    return this.dataSource.transaction(async (m) => {
      const sets: string[] = ['version = version + 1', 'updated_at = now()'];
      const params: unknown[] = [id, dto.version];
      const set = (column: string, value: unknown): void => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (dto.name !== undefined) set('name', dto.name);
      if (dto.provinceCode !== undefined) set('province_code', dto.provinceCode);
      if (dto.communeCode !== undefined) set('commune_code', dto.communeCode);
      if (dto.addressText !== undefined) set('address_text_enc', this.seal(dto.addressText, ADDRESS_CONTEXT));
      if (dto.phone !== undefined) set('phone_enc', this.seal(dto.phone, PHONE_CONTEXT));
      if (dto.hours !== undefined) set('hours', dto.hours === '' ? null : dto.hours);
      if (dto.services !== undefined) set('services', dto.services);
      if (dto.areaServed !== undefined) set('area_served', dto.areaServed);
      if (dto.capacity !== undefined) set('capacity', dto.capacity);
      if (dto.acceptingReferrals !== undefined) set('accepting_referrals', dto.acceptingReferrals);
      if (dto.languages !== undefined) set('languages', dto.languages);
      const updated = await this.guardUnique(() =>
        m.query<{ id: string }[]>(
          // The CTE makes the query answer rows (a bare UPDATE answers [rows, count] through TypeORM).
          `WITH u AS (UPDATE providers SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING id)
           SELECT id FROM u`,
          params,
        ),
      );
      if (updated.length === 0) throw new DomainError('VERSION_CONFLICT');
      if (dto.referringOrganizationIds !== undefined) {
        await this.replacePartners(m, actor, id, dto.referringOrganizationIds);
      }
      await this.audit.record(m, {
        action: 'provider.updated',
        actor: actor.user,
        entityType: 'provider',
        entityId: id,
        requestId: actor.requestId,
      });
      return this.presentById(m, actor, id);
    });
  }

  // --- helpers ------------------------------------------------------------------------------------------

  private async insert(m: EntityManager, actor: Actor, dto: CreateProviderDto): Promise<string> {
    const [row] = await this.guardUnique(() =>
      m.query<{ id: string }[]>(
        `INSERT INTO providers (name, type, organization_id, province_code, commune_code, address_text_enc,
                                phone_enc, hours, services, area_served, capacity, accepting_referrals,
                                languages, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          dto.name,
          dto.type,
          dto.organizationId,
          dto.provinceCode,
          dto.communeCode,
          this.seal(dto.addressText, ADDRESS_CONTEXT),
          this.seal(dto.phone, PHONE_CONTEXT),
          dto.hours || null,
          dto.services,
          dto.areaServed ?? [],
          dto.capacity ?? null,
          dto.acceptingReferrals ?? true,
          dto.languages ?? [],
          actor.user.id,
        ],
      ),
    );
    if (!row) throw new Error('provider insert returned nothing');
    return row.id;
  }

  /** The organisations a manager names replace those named before; those added by referrals stay. */
  private async replacePartners(
    m: EntityManager,
    actor: Actor,
    providerId: string,
    organizationIds: readonly string[],
  ): Promise<void> {
    await m.query(
      `DELETE FROM provider_partner_organizations
        WHERE provider_id = $1 AND source = 'directory' AND NOT (organization_id = ANY($2::uuid[]))`,
      [providerId, [...organizationIds]],
    );
    if (organizationIds.length === 0) return;
    await m.query(
      `INSERT INTO provider_partner_organizations (provider_id, organization_id, source, added_by)
       SELECT $1, o, 'directory', $3 FROM unnest($2::uuid[]) AS o
       ON CONFLICT (provider_id, organization_id) DO NOTHING`,
      [providerId, [...organizationIds], actor.user.id],
    );
  }

  private async findRow(m: EntityManager, id: string): Promise<ProviderRow | undefined> {
    const [row] = await m.query<ProviderRow[]>(`SELECT ${COLUMNS} FROM providers p WHERE p.id = $1`, [id]);
    return row;
  }

  private async presentById(m: EntityManager, actor: Actor, id: string): Promise<ProviderDto> {
    const row = await this.findRow(m, id);
    if (!row) throw new Error('provider vanished inside its own transaction');
    return this.presentChecked(m, actor, row);
  }

  /** Asks the access rules whether this caller sees the contact, in the transaction (new partners count). */
  private async presentChecked(m: EntityManager, actor: Actor, row: ProviderRow): Promise<ProviderDto> {
    const confidential = this.isConfidential(row.type);
    const may =
      confidential &&
      (await this.access.can(actor.user, 'provider.read_confidential', accessRecordOf(row), {
        manager: m,
      })) === 'allow';
    return this.present(m, actor, row, may);
  }

  /** The caller's view; a disclosed confidential contact is decrypted and its read audited. */
  private async present(
    m: EntityManager,
    actor: Actor,
    row: ProviderRow,
    mayReadConfidential: boolean,
  ): Promise<ProviderDto> {
    const confidential = this.isConfidential(row.type);
    const discloses = !confidential || mayReadConfidential;
    const record: ProviderRecord = {
      id: row.id,
      name: row.name,
      type: row.type,
      organizationId: row.organization_id,
      provinceCode: row.province_code,
      communeCode: row.commune_code,
      // Decrypted only when it will be shown.
      addressText: discloses ? this.crypto.decryptOptional(row.address_text_enc, ADDRESS_CONTEXT) : null,
      phone: discloses ? this.crypto.decryptOptional(row.phone_enc, PHONE_CONTEXT) : null,
      hours: row.hours,
      services: row.services,
      areaServed: row.area_served,
      capacity: row.capacity,
      acceptingReferrals: row.accepting_referrals,
      languages: row.languages,
      version: row.version,
      referringOrganizationIds: row.referring_organization_ids,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    const view: ProviderView = viewOfProvider(record, confidential, mayReadConfidential);
    if (disclosesConfidential(view)) {
      await this.audit.record(m, {
        action: 'provider.read_confidential',
        actor: actor.user,
        entityType: 'provider',
        entityId: row.id,
        requestId: actor.requestId,
      });
    }
    return view;
  }

  private isConfidential(type: string): boolean {
    return this.config.confidentialTypes.includes(type);
  }

  private seal(value: string | null | undefined, context: string): string | null {
    return value === undefined || value === null || value === '' ? null : this.crypto.encrypt(value, context);
  }

  private key(catalogue: string, value: string, field: string): void {
    if (!this.catalogues.has(catalogue, value)) {
      throw new DomainError('UNKNOWN_CATALOGUE_KEY', {
        field,
        allowed: this.catalogues.keys(catalogue).join(', '),
      });
    }
  }

  private keys(catalogue: string, values: readonly string[], field: string): void {
    values.forEach((v, n) => {
      this.key(catalogue, v, `${field}.${n}`);
    });
  }

  /** The commune must be in force and in the province (`provinceGiven`: name the province if unknown). */
  private async checkPlace(provinceCode: string, communeCode: string, provinceGiven: boolean): Promise<void> {
    if (provinceGiven && !(await this.geography.provinceExists(provinceCode))) {
      throw new DomainError('PROVIDER_PROVINCE_UNKNOWN', { field: 'provinceCode' });
    }
    if (!(await this.geography.communeExists(communeCode))) {
      throw new DomainError('PROVIDER_COMMUNE_UNKNOWN', { field: 'communeCode' });
    }
    if (!(await this.geography.communeExists(communeCode, provinceCode))) {
      throw new DomainError('PROVIDER_COMMUNE_OUTSIDE_PROVINCE', {
        field: 'communeCode',
        other: 'provinceCode',
      });
    }
  }

  private async checkAreaServed(codes: readonly string[]): Promise<void> {
    for (const [n, code] of codes.entries()) {
      if (!(await this.geography.communeExists(code))) {
        throw new DomainError('PROVIDER_COMMUNE_UNKNOWN', { field: `areaServed.${n}` });
      }
    }
  }

  private async checkPartners(organizationIds: readonly string[]): Promise<void> {
    for (const [n, organizationId] of organizationIds.entries()) {
      if (!(await this.identity.organizationFacts(organizationId))) {
        throw new DomainError('PROVIDER_ORGANIZATION_UNKNOWN', {
          field: `referringOrganizationIds.${n}`,
        });
      }
    }
  }

  /** Two providers of one organisation with the same name: 409 naming the field. */
  private async guardUnique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const e = err as { code?: string; constraint?: string };
      if (e.code === UNIQUE_VIOLATION && e.constraint === NAME_UNIQUE) {
        throw new DomainError('PROVIDER_NAME_TAKEN', { field: 'name' });
      }
      throw err;
    }
  }
}
