import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { GeographyService } from '../geography';
import { IdentityDirectoryService } from '../identity';
import { DIRECTORY_CONFIG, DirectoryConfig } from './directory.config';
import { assertCapacity, assertTypeOfOrganization } from './domain/provider';
import { CreateProviderDto, ProviderDto, UpdateProviderDto } from './dto/provider.dto';
import { ProviderPartnerRepository } from './provider-partner.repository';
import { accessRecordOf, ProviderPresenter } from './provider-presenter';
import { ProviderRepository } from './provider.repository';
import './directory.errors';

/** Keeping the directory (docs/DESIGN.md §4): centre managers and administrators add and change providers. */
@Injectable()
export class ProviderChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DIRECTORY_CONFIG) private readonly config: DirectoryConfig,
    private readonly catalogues: CatalogueService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly geography: GeographyService,
    private readonly identity: IdentityDirectoryService,
    private readonly providers: ProviderRepository,
    private readonly partners: ProviderPartnerRepository,
    private readonly presenter: ProviderPresenter,
  ) {}

  async create(actor: Actor, dto: CreateProviderDto, cmd: IdempotentCommand): Promise<ProviderDto> {
    await this.access.assert(actor.user, 'provider.manage', undefined, { actor });
    this.catalogues.assertKey('organization-types', dto.type, 'type');
    this.assertKeys('services', dto.services, 'services');
    const organization = await this.identity.organizationFacts(dto.organizationId);
    if (!organization) {
      throw new DomainError('PROVIDER_ORGANIZATION_UNKNOWN', { field: 'organizationId' });
    }
    assertTypeOfOrganization(dto.type, organization.type);
    await this.checkPlace(dto.provinceCode, dto.communeCode, true);
    await this.checkAreaServed(dto.areaServed ?? []);
    assertCapacity(dto.type, dto.capacity ?? null, this.config.capacityRequiredTypes);
    await this.checkPartners(dto.referringOrganizationIds ?? []);

    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const id = await this.providers.insert(
          m,
          {
            name: dto.name,
            type: dto.type,
            organizationId: dto.organizationId,
            provinceCode: dto.provinceCode,
            communeCode: dto.communeCode,
            hours: dto.hours || null,
            services: dto.services,
            areaServed: dto.areaServed ?? [],
            capacity: dto.capacity ?? null,
            acceptingReferrals: dto.acceptingReferrals ?? true,
            languages: dto.languages ?? [],
          },
          { addressText: dto.addressText, phone: dto.phone },
          actor.user.id,
        );
        await this.partners.replaceNamed(m, id, dto.referringOrganizationIds ?? [], actor.user.id);
        await this.audit.record(m, {
          action: 'provider.created',
          actor: actor.user,
          entityType: 'provider',
          entityId: id,
          requestId: actor.requestId,
        });
        return this.presenter.presentById(m, actor, id);
      }),
    );
  }

  async update(actor: Actor, id: string, dto: UpdateProviderDto): Promise<ProviderDto> {
    const before = await this.providers.findById(this.dataSource.manager, id);
    if (!before) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'provider.manage', accessRecordOf(before), { actor });
    if (dto.services !== undefined) this.assertKeys('services', dto.services, 'services');
    if (dto.provinceCode !== undefined || dto.communeCode !== undefined) {
      await this.checkPlace(
        dto.provinceCode ?? before.provinceCode,
        dto.communeCode ?? before.communeCode,
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
      const updated = await this.providers.updateVersioned(
        m,
        id,
        dto.version,
        {
          name: dto.name,
          provinceCode: dto.provinceCode,
          communeCode: dto.communeCode,
          hours: dto.hours === undefined ? undefined : dto.hours === '' ? null : dto.hours,
          services: dto.services,
          areaServed: dto.areaServed,
          capacity: dto.capacity,
          acceptingReferrals: dto.acceptingReferrals,
          languages: dto.languages,
        },
        { addressText: dto.addressText, phone: dto.phone },
      );
      if (!updated) throw new DomainError('VERSION_CONFLICT');
      if (dto.referringOrganizationIds !== undefined) {
        await this.partners.replaceNamed(m, id, dto.referringOrganizationIds, actor.user.id);
      }
      await this.audit.record(m, {
        action: 'provider.updated',
        actor: actor.user,
        entityType: 'provider',
        entityId: id,
        requestId: actor.requestId,
      });
      return this.presenter.presentById(m, actor, id);
    });
  }

  private assertKeys(catalogue: string, values: readonly string[], field: string): void {
    values.forEach((v, n) => {
      this.catalogues.assertKey(catalogue, v, `${field}.${n}`);
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
}
