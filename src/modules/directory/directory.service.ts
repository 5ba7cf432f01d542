import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ProviderPartnerRepository } from './provider-partner.repository';
import { ProviderFacts, ProviderRepository } from './provider.repository';

export type { ProviderFacts } from './provider.repository';

/**
 * The directory's face to the modules below it (referrals): facts about providers, the admission lock,
 * and the partner organisations whose supervisors see a safe house's confidential contact.
 */
@Injectable()
export class DirectoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: ProviderRepository,
    private readonly partners: ProviderPartnerRepository,
  ) {}

  /**
   * A provider's address and phone, decrypted, for documents its own staff produce (the commune notice of
   * a trusted address). The caller has decided that the user may see them; null when there is no provider.
   */
  contactOf(
    providerId: string,
    manager?: EntityManager,
  ): Promise<{ addressText: string | null; phone: string | null } | null> {
    return this.providers.contactOf(manager ?? this.dataSource.manager, providerId);
  }

  /** The provider's facts, or null when there is none with this id. */
  providerFacts(providerId: string, manager?: EntityManager): Promise<ProviderFacts | null> {
    return this.providers.factsOf(manager ?? this.dataSource.manager, providerId);
  }

  /**
   * The provider's facts with its row locked until the caller's transaction ends: acceptances into the
   * same safe house queue here, so counting held and occupied beds after it cannot over-book.
   */
  async lockForAdmission(manager: EntityManager, providerId: string): Promise<ProviderFacts | null> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('DirectoryService.lockForAdmission must be called inside a transaction');
    }
    return this.providers.lockForAdmission(manager, providerId);
  }

  /** Names of providers, for lists (id → name); unknown ids are left out. */
  async namesOf(providerIds: readonly string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (providerIds.length === 0) return new Map();
    return this.providers.namesOf(manager ?? this.dataSource.manager, [...new Set(providerIds)]);
  }

  /**
   * Records that an organisation refers to a provider (its supervisors may then see a safe house's
   * contact). Idempotent; in the caller's transaction.
   */
  addReferringOrganization(
    manager: EntityManager,
    providerId: string,
    organizationId: string,
  ): Promise<void> {
    return this.partners.addReferring(manager, providerId, organizationId);
  }
}
