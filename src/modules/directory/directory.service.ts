import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoService } from '../../platform/crypto';

/** What the referral module needs to know about a provider (no confidential field). */
export interface ProviderFacts {
  id: string;
  name: string;
  type: string;
  organizationId: string;
  provinceCode: string;
  communeCode: string;
  services: string[];
  acceptingReferrals: boolean;
  /** Beds; null when the provider does not count beds. */
  capacity: number | null;
}

interface ProviderFactsRow {
  id: string;
  name: string;
  type: string;
  organization_id: string;
  province_code: string;
  commune_code: string;
  services: string[];
  accepting_referrals: boolean;
  capacity: number | null;
}

const FACT_COLUMNS = `id, name, type, organization_id, province_code, commune_code, services, accepting_referrals,
  capacity`;

const toFacts = (r: ProviderFactsRow): ProviderFacts => ({
  id: r.id,
  name: r.name,
  type: r.type,
  organizationId: r.organization_id,
  provinceCode: r.province_code,
  communeCode: r.commune_code,
  services: r.services,
  acceptingReferrals: r.accepting_referrals,
  capacity: r.capacity,
});

/**
 * The directory's face to the modules below it (referrals): facts about providers, the admission lock,
 * and the partner organisations whose supervisors see a safe house's confidential contact.
 */
@Injectable()
export class DirectoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
  ) {}

  /**
   * A provider's address and phone, decrypted, for documents its own staff produce (the commune notice of
   * a trusted address). The caller has decided that the user may see them; null when there is no provider.
   */
  async contactOf(
    providerId: string,
    manager?: EntityManager,
  ): Promise<{ addressText: string | null; phone: string | null } | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<
      { address_text_enc: string | null; phone_enc: string | null }[]
    >(`SELECT address_text_enc, phone_enc FROM providers WHERE id = $1`, [providerId]);
    if (!row) return null;
    return {
      addressText:
        row.address_text_enc === null
          ? null
          : this.crypto.decrypt(row.address_text_enc, 'providers.address_text_enc'),
      phone: row.phone_enc === null ? null : this.crypto.decrypt(row.phone_enc, 'providers.phone_enc'),
    };
  }

  /** The provider's facts, or null when there is none with this id. */
  async providerFacts(providerId: string, manager?: EntityManager): Promise<ProviderFacts | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<ProviderFactsRow[]>(
      `SELECT ${FACT_COLUMNS} FROM providers WHERE id = $1`,
      [providerId],
    );
    return row ? toFacts(row) : null;
  }

  /**
   * The provider's facts with its row locked until the caller's transaction ends: acceptances into the
   * same safe house queue here, so counting held and occupied beds after it cannot over-book.
   */
  async lockForAdmission(manager: EntityManager, providerId: string): Promise<ProviderFacts | null> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('DirectoryService.lockForAdmission must be called inside a transaction');
    }
    const [row] = await manager.query<ProviderFactsRow[]>(
      `SELECT ${FACT_COLUMNS} FROM providers WHERE id = $1 FOR UPDATE`,
      [providerId],
    );
    return row ? toFacts(row) : null;
  }

  /** Names of providers, for lists (id → name); unknown ids are left out. */
  async namesOf(providerIds: readonly string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (providerIds.length === 0) return new Map();
    const rows = await (manager ?? this.dataSource.manager).query<{ id: string; name: string }[]>(
      `SELECT id, name FROM providers WHERE id = ANY($1::uuid[])`,
      [[...new Set(providerIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Records that an organisation refers to a provider (its supervisors may then see a safe house's
   * contact). Idempotent; in the caller's transaction.
   */
  async addReferringOrganization(
    manager: EntityManager,
    providerId: string,
    organizationId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO provider_partner_organizations (provider_id, organization_id, source, added_by)
       VALUES ($1, $2, 'referral', NULL)
       ON CONFLICT (provider_id, organization_id) DO NOTHING`,
      [providerId, organizationId],
    );
  }
}
