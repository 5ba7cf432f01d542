import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the reporting module (STYLE.md: reporting reads through views made for it). Plain SQL
 * views over the clear, non-identifying columns only: no name, phone, address, birth data, ID or note
 * ever appears in them. TypeORM does not manage them (no ViewEntity), so the schema check ignores them.
 */
export class ReportingViews1795735000000 implements MigrationInterface {
  name = 'ReportingViews1795735000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The case's commune is the survivor's commune of residence, else its first incident's (by creation)
    // that names one; its province is that commune's, else the case organisation's.
    await queryRunner.query(`
            CREATE VIEW "reporting_cases" AS
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
              LEFT JOIN geo_communes gc ON gc.code = cc.code
        `);
    await queryRunner.query(`
            CREATE VIEW "reporting_incidents" AS
            SELECT i.id AS incident_id, i.case_id, i.violence_types, i.dv_acts, i.perpetrator_relationship
              FROM incidents i
        `);
    await queryRunner.query(`
            CREATE VIEW "reporting_referrals" AS
            SELECT r.id AS referral_id, r.case_id, r.status, r.sent_at, r.services, r.services_provided,
                   r.completed_on
              FROM referrals r
        `);
    await queryRunner.query(`
            CREATE VIEW "reporting_follow_ups" AS
            SELECT f.id AS follow_up_id, f.case_id, f.kind, f.status, f.due_at, f.completed_at
              FROM follow_ups f
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "reporting_follow_ups"`);
    await queryRunner.query(`DROP VIEW "reporting_referrals"`);
    await queryRunner.query(`DROP VIEW "reporting_incidents"`);
    await queryRunner.query(`DROP VIEW "reporting_cases"`);
  }
}
