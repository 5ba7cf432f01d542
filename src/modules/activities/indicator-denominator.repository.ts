import { Injectable } from '@nestjs/common';
import { col, firstRow, Queryable, rowShape, rowsOf } from '../../platform/database';

export interface Denominator {
  id: string;
  period: string;
  provinceCode: string;
  /** null for the province-wide value. */
  communeCode: string | null;
  key: string;
  value: number;
  updatedBy: string;
  updatedAt: Date;
}

const DENOMINATOR = rowShape('indicator_denominators', {
  id: col.uuid(),
  period: col.text(),
  province_code: col.text(),
  commune_code: col.text(),
  key: col.text(),
  value: col.int(),
  updated_by: col.uuid(),
  updated_at: col.time(),
});

const TOTAL = rowShape('total', { total: col.text().orNull() });
const PROVINCE_OR_COMMUNES = rowShape('total', {
  province: col.text().orNull(),
  communes: col.text().orNull(),
});

const denominatorOf = (raw: unknown): Denominator => {
  const r = DENOMINATOR.parse(raw);
  return {
    id: r.id,
    period: r.period,
    provinceCode: r.province_code,
    // Stored as '' for the province-wide value (part of the unique key).
    communeCode: r.commune_code === '' ? null : r.commune_code,
    key: r.key,
    value: r.value,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
};

/** indicator_denominators: one value per (period, province, commune or '', key), entered by managers. */
@Injectable()
export class IndicatorDenominatorRepository {
  /** Sets the value of the unit (province-wide when communeCode is undefined); the stored row. */
  async upsert(
    m: Queryable,
    d: { period: string; provinceCode: string; communeCode?: string; key: string; value: number },
    updatedBy: string,
  ): Promise<Denominator> {
    const row = await firstRow(
      m,
      `INSERT INTO indicator_denominators (period, province_code, commune_code, key, value, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (period, province_code, commune_code, key)
       DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${DENOMINATOR.columns()}`,
      [d.period, d.provinceCode, d.communeCode ?? '', d.key, d.value, updatedBy],
    );
    if (row === undefined) throw new Error('denominator upsert returned nothing');
    return denominatorOf(row);
  }

  /** A period's values of a province (all its units), or of one commune; by commune, then key. */
  async listFor(
    q: Queryable,
    period: string,
    provinceCode: string,
    communeCode?: string,
  ): Promise<Denominator[]> {
    const rows = await rowsOf(
      q,
      `SELECT ${DENOMINATOR.columns()} FROM indicator_denominators
        WHERE period = $1 AND province_code = $2${communeCode === undefined ? '' : ' AND commune_code = $3'}
        ORDER BY commune_code, key`,
      communeCode === undefined ? [period, provinceCode] : [period, provinceCode, communeCode],
    );
    return rows.map(denominatorOf);
  }

  /** The sum of the values entered for these communes; null when none is. */
  async sumOfCommunes(
    q: Queryable,
    period: string,
    provinceCode: string,
    communeCodes: readonly string[],
    key: string,
  ): Promise<number | null> {
    const row = await firstRow(
      q,
      `SELECT sum(value)::bigint::text AS total FROM indicator_denominators
        WHERE period = $1 AND province_code = $2 AND key = $3 AND commune_code <> ''
          AND commune_code = ANY($4::varchar[])`,
      [period, provinceCode, key, [...communeCodes]],
    );
    const total = row === undefined ? null : TOTAL.parse(row).total;
    return total === null ? null : Number(total);
  }

  /** The province-wide value, else the sum of its communes' values, else null. */
  async provinceValue(
    q: Queryable,
    period: string,
    provinceCode: string,
    key: string,
  ): Promise<number | null> {
    const row = await firstRow(
      q,
      `SELECT max(value) FILTER (WHERE commune_code = '')::bigint::text AS province,
              sum(value) FILTER (WHERE commune_code <> '')::bigint::text AS communes
         FROM indicator_denominators
        WHERE period = $1 AND province_code = $2 AND key = $3`,
      [period, provinceCode, key],
    );
    const r = row === undefined ? undefined : PROVINCE_OR_COMMUNES.parse(row);
    const value = r?.province ?? r?.communes ?? null;
    return value === null ? null : Number(value);
  }
}
