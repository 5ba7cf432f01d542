import { Injectable } from '@nestjs/common';
import { CryptoService, Opened } from '../../platform/crypto';
import {
  col,
  firstRow,
  isUniqueViolation,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
  SqlValue,
} from '../../platform/database';
import { DomainError } from '../../platform/http';
import type { AccessFilter } from '../access';
import { PROVIDER_DATA } from './directory.personal-data';
import { likePattern, ProviderRecord } from './domain/provider';
import './directory.errors';

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

/** A provider as stored, its contact still sealed: opened only when it will be shown (`openContact`). */
export interface StoredProvider extends Omit<ProviderRecord, 'addressText' | 'phone'> {
  readonly sealedContact: { address_text_enc: string | null; phone_enc: string | null };
}

export type ProviderContact = Opened<typeof PROVIDER_DATA.fields>;

/** The plain (not personal) columns a manager writes. */
export interface ProviderValues {
  name: string;
  type: string;
  organizationId: string;
  provinceCode: string;
  communeCode: string;
  hours: string | null;
  services: string[];
  areaServed: string[];
  capacity: number | null;
  acceptingReferrals: boolean;
  languages: string[];
}

/** The directory's search: every criterion optional, the access rules' filters placed by the repository. */
export interface ProviderSearch {
  service?: string;
  type?: string;
  communeCode?: string;
  accepting?: boolean;
  q?: string;
  after?: { name: string; id: string };
  /** Which rows the caller may list, and per row whether they may read a confidential contact. */
  listable: (firstParam: number) => AccessFilter;
  confidential: (firstParam: number) => AccessFilter;
}

const NAME_UNIQUE = 'providers_organization_name_uq';

const PROVIDER = rowShape('providers', {
  id: col.uuid(),
  name: col.text(),
  type: col.text(),
  organization_id: col.uuid(),
  province_code: col.text(),
  commune_code: col.text(),
  address_text_enc: col.text().orNull(),
  phone_enc: col.text().orNull(),
  hours: col.text().orNull(),
  services: col.textArray(),
  area_served: col.textArray(),
  capacity: col.int().orNull(),
  accepting_referrals: col.bool(),
  languages: col.textArray(),
  version: col.int(),
  created_at: col.time(),
  updated_at: col.time(),
  referring_organization_ids: col.textArray().as(
    `ARRAY(SELECT pp.organization_id::text FROM provider_partner_organizations pp
              WHERE pp.provider_id = {a}.id ORDER BY pp.organization_id)`,
  ),
});

const MAY_READ = rowShape('providers', { may_read_confidential: col.bool() });

const FACTS = rowShape('providers', {
  id: col.uuid(),
  name: col.text(),
  type: col.text(),
  organization_id: col.uuid(),
  province_code: col.text(),
  commune_code: col.text(),
  services: col.textArray(),
  accepting_referrals: col.bool(),
  capacity: col.int().orNull(),
});

const NAME = rowShape('providers', { id: col.uuid(), name: col.text() });
const ID = rowShape('providers', { id: col.uuid() });

const storedOf = (raw: unknown): StoredProvider => {
  const r = PROVIDER.parse(raw);
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    organizationId: r.organization_id,
    provinceCode: r.province_code,
    communeCode: r.commune_code,
    hours: r.hours,
    services: r.services,
    areaServed: r.area_served,
    capacity: r.capacity,
    acceptingReferrals: r.accepting_referrals,
    languages: r.languages,
    version: r.version,
    referringOrganizationIds: r.referring_organization_ids,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sealedContact: { address_text_enc: r.address_text_enc, phone_enc: r.phone_enc },
  };
};

const factsOf = (raw: unknown): ProviderFacts => {
  const r = FACTS.parse(raw);
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    organizationId: r.organization_id,
    provinceCode: r.province_code,
    communeCode: r.commune_code,
    services: r.services,
    acceptingReferrals: r.accepting_referrals,
    capacity: r.capacity,
  };
};

/** Two providers of one organisation with the same name: 409 naming the field. */
async function guardName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, NAME_UNIQUE)) throw new DomainError('PROVIDER_NAME_TAKEN', { field: 'name' });
    throw err;
  }
}

/** providers: the directory's records, their sealed contact and the facts other modules read. */
@Injectable()
export class ProviderRepository {
  constructor(private readonly crypto: CryptoService) {}

  /** The contact in plaintext: call it only when it will be shown. */
  openContact(p: StoredProvider): ProviderContact {
    return PROVIDER_DATA.open(this.crypto, p.sealedContact);
  }

  async findById(q: Queryable, id: string): Promise<StoredProvider | undefined> {
    const row = await firstRow(q, `SELECT ${PROVIDER.columns('p')} FROM providers p WHERE p.id = $1`, [id]);
    return row === undefined ? undefined : storedOf(row);
  }

  /** A page of the search by (name, id), `limit` rows, each with the caller's confidential decision. */
  async search(
    q: Queryable,
    s: ProviderSearch,
    limit: number,
  ): Promise<(StoredProvider & { mayReadConfidential: boolean })[]> {
    const confidential = s.confidential(1);
    const listable = s.listable(confidential.params.length + 1);
    const p = new PositionalParams(confidential.params.length + listable.params.length + 1);
    const where = [`(${listable.sql})`];
    if (s.service !== undefined) where.push(`p.services @> ARRAY[${p.add(s.service)}]::text[]`);
    if (s.type !== undefined) where.push(`p.type = ${p.add(s.type)}`);
    if (s.communeCode !== undefined) {
      const c = p.add(s.communeCode);
      where.push(`(p.commune_code = ${c} OR p.area_served @> ARRAY[${c}]::varchar[])`);
    }
    if (s.accepting !== undefined) where.push(`p.accepting_referrals = ${p.add(s.accepting)}`);
    if (s.q !== undefined) where.push(`p.name ILIKE ${p.add(likePattern(s.q))}`);
    if (s.after) where.push(`(p.name, p.id) > (${p.add(s.after.name)}, ${p.add(s.after.id)}::uuid)`);
    const rows = await rowsOf(
      q,
      `SELECT ${PROVIDER.columns('p')}, (${confidential.sql}) AS may_read_confidential
         FROM providers p WHERE ${where.join(' AND ')}
        ORDER BY p.name, p.id LIMIT ${p.add(limit)}`,
      [...confidential.params, ...listable.params, ...p.values],
    );
    return rows.map((row) => ({
      ...storedOf(row),
      mayReadConfidential: MAY_READ.parse(row).may_read_confidential,
    }));
  }

  /** A new provider (409 PROVIDER_NAME_TAKEN for a name its organisation already uses); its id. */
  async insert(
    m: Queryable,
    v: ProviderValues,
    contact: { addressText?: string | null; phone?: string | null },
    createdBy: string,
  ): Promise<string> {
    const sealed = PROVIDER_DATA.sealInsert(this.crypto, contact);
    const row = await guardName(() =>
      firstRow(
        m,
        `INSERT INTO providers (name, type, organization_id, province_code, commune_code, address_text_enc,
                                phone_enc, hours, services, area_served, capacity, accepting_referrals,
                                languages, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          v.name,
          v.type,
          v.organizationId,
          v.provinceCode,
          v.communeCode,
          sealed.address_text_enc ?? null,
          sealed.phone_enc ?? null,
          v.hours,
          v.services,
          v.areaServed,
          v.capacity,
          v.acceptingReferrals,
          v.languages,
          createdBy,
        ],
      ),
    );
    if (row === undefined) throw new Error('provider insert returned nothing');
    return ID.parse(row).id;
  }

  /**
   * Changes the given fields if the provider is still at `version` (and moves it on); false when it is
   * not (VERSION_CONFLICT for the caller). 409 PROVIDER_NAME_TAKEN as for insert.
   */
  async updateVersioned(
    m: Queryable,
    id: string,
    version: number,
    values: Partial<Omit<ProviderValues, 'type' | 'organizationId'>>,
    contact: { addressText?: string | null; phone?: string | null },
  ): Promise<boolean> {
    const columns: Record<string, SqlValue | undefined> = {
      name: values.name,
      province_code: values.provinceCode,
      commune_code: values.communeCode,
      ...PROVIDER_DATA.sealPatch(this.crypto, contact),
      hours: values.hours,
      services: values.services,
      area_served: values.areaServed,
      capacity: values.capacity,
      accepting_referrals: values.acceptingReferrals,
      languages: values.languages,
    };
    // Written with its own parameters (not shared between equal values): two columns of different types
    // may carry the same text.
    const values_: SqlValue[] = [id, version];
    const sets = ['version = version + 1', 'updated_at = now()'];
    for (const [column, value] of Object.entries(columns)) {
      if (value === undefined) continue;
      values_.push(value);
      sets.push(`${column} = $${values_.length}`);
    }
    const rows = await guardName(() =>
      rowsOf(
        m,
        `WITH u AS (UPDATE providers SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING id)
         SELECT id FROM u`,
        values_,
      ),
    );
    return rows.length > 0;
  }

  // --- for the modules below (referrals) -----------------------------------------------------------------

  async factsOf(q: Queryable, id: string): Promise<ProviderFacts | null> {
    const row = await firstRow(q, `SELECT ${FACTS.columns()} FROM providers WHERE id = $1`, [id]);
    return row === undefined ? null : factsOf(row);
  }

  /** The facts with the row locked until the transaction ends (admissions into one safe house queue). */
  async lockForAdmission(m: Queryable, id: string): Promise<ProviderFacts | null> {
    const row = await firstRow(m, `SELECT ${FACTS.columns()} FROM providers WHERE id = $1 FOR UPDATE`, [id]);
    return row === undefined ? null : factsOf(row);
  }

  /** id → name of the providers that exist among `ids`. */
  async namesOf(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await rowsOf(q, `SELECT id, name FROM providers WHERE id = ANY($1::uuid[])`, [[...ids]]);
    return new Map(NAME.parseAll(rows).map((r) => [r.id, r.name]));
  }

  /** The contact in plaintext, or null when there is no such provider. */
  async contactOf(q: Queryable, id: string): Promise<ProviderContact | null> {
    const row = await firstRow(q, `SELECT ${PROVIDER_DATA.selectList()} FROM providers WHERE id = $1`, [id]);
    return row === undefined ? null : PROVIDER_DATA.open(this.crypto, row as Record<string, unknown>);
  }
}
