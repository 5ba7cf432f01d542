import { MigrationInterface, QueryRunner } from 'typeorm';

const REPORTING_CASES = `
            SELECT c.id AS case_id, c.record_key, c.received_at, c.opened_at, c.organization_id, c.channel,
                   c.context, s.sex, s.age_group, s.disability, cc.code AS commune_code,
                   COALESCE(gc.province_code, o.province_code)::text AS province_code
              FROM cases c
              JOIN organizations o ON o.id = c.organization_id
              LEFT JOIN survivors s ON s.case_id = c.id
              CROSS JOIN LATERAL (
                SELECT COALESCE(s.commune_code,
                                (SELECT i.commune_code FROM incidents i
                                  WHERE i.case_id = c.id AND i.commune_code IS NOT NULL
                                  ORDER BY i.created_at, i.id LIMIT 1)) AS code
              ) cc
              LEFT JOIN geo_communes gc ON gc.code = cc.code`;

/**
 * Issue 15, item 10: a case merged into another is one survivor's second file, not a second case: the
 * statistics count the surviving case only (an undone merge counts both again).
 */
export class ReportingCasesWithoutMerged1796000008001 implements MigrationInterface {
  name = 'ReportingCasesWithoutMerged1796000008001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE VIEW "reporting_cases" AS ${REPORTING_CASES}
             WHERE c.status <> 'merged'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE VIEW "reporting_cases" AS ${REPORTING_CASES}`);
  }
}
