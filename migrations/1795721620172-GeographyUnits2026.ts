import { MigrationInterface, QueryRunner } from 'typeorm';
import units from './data/vietnam-admin-units-2026.json';

/**
 * Loads the national list of administrative units effective 2026-04-30 (decree 30/2026/QH16): 34
 * provinces and 3,321 commune-level units, copied from shared/data into migrations/data. The data file
 * belongs to this migration and, like it, is never edited: a new list comes with a new migration that
 * closes these rows (valid_to) and adds the new ones.
 */
interface UnitFile {
  provinces: {
    code: string;
    name: string;
    fullName: string;
    nameEn: string;
    unitType: string;
    communes: { code: string; name: string; fullName: string; nameEn: string; unitType: string }[];
  }[];
}

const VALID_FROM = '2026-04-30';

export class GeographyUnits20261795721620172 implements MigrationInterface {
  name = 'GeographyUnits20261795721620172';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const data = units as UnitFile;
    const provinces = data.provinces.map((p) => ({
      code: p.code,
      name: p.name,
      full_name: p.fullName,
      name_en: p.nameEn,
      unit_type: p.unitType,
    }));
    const communes = data.provinces.flatMap((p) =>
      p.communes.map((c) => ({
        code: c.code,
        province_code: p.code,
        name: c.name,
        full_name: c.fullName,
        name_en: c.nameEn,
        unit_type: c.unitType,
      })),
    );
    if (provinces.length !== 34 || communes.length !== 3321) {
      throw new Error(`Unexpected unit list: ${provinces.length} provinces, ${communes.length} communes`);
    }
    await queryRunner.query(
      `INSERT INTO geo_provinces (code, name, full_name, name_en, unit_type, valid_from)
       SELECT code, name, full_name, name_en, unit_type, $2::date
         FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, full_name text, name_en text, unit_type text)`,
      [JSON.stringify(provinces), VALID_FROM],
    );
    await queryRunner.query(
      `INSERT INTO geo_communes (code, province_code, name, full_name, name_en, unit_type, valid_from)
       SELECT code, province_code, name, full_name, name_en, unit_type, $2::date
         FROM jsonb_to_recordset($1::jsonb)
           AS x(code text, province_code text, name text, full_name text, name_en text, unit_type text)`,
      [JSON.stringify(communes), VALID_FROM],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM geo_communes WHERE valid_from = $1`, [VALID_FROM]);
    await queryRunner.query(`DELETE FROM geo_provinces WHERE valid_from = $1`, [VALID_FROM]);
  }
}
