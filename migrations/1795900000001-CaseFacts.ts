import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cases module's exported read model for other modules (docs/ARCHITECTURE.md "Table ownership"):
 * the facts of a case that follow-ups, referrals and the access filter need, and nothing personal (no
 * survivor, reporter, note or free text). A plain view over `cases`, which the planner inlines, so a
 * query through it runs the same plan as one naming `cases`. TypeORM does not manage it (no ViewEntity).
 */
export class CaseFacts1795900000001 implements MigrationInterface {
  name = 'CaseFacts1795900000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE VIEW "case_facts" AS
            SELECT c.id, c.reference, c.organization_id, c.channel, c.received_at, c.status, c.assignee_id,
                   c.risk_level, c.context, c.restricted, c.created_by, c.opened_at, c.updated_at, c.closed_at,
                   c.anonymised_at
              FROM cases c
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "case_facts"`);
  }
}
