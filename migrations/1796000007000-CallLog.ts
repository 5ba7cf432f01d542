import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The call log (issue 15, item 9): one row per hotline call, with a case or without, and the calls
 * module's exported read model `call_facts` for the statistics: no personal column (there is none in
 * `calls`), the province of the operator's organisation, no commune (a call has none). TypeORM does not
 * manage the view (no ViewEntity), so the schema check ignores it.
 */
export class CallLog1796000007000 implements MigrationInterface {
  name = 'CallLog1796000007000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "calls" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "operator_id" uuid NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "duration_seconds" integer NOT NULL,
                "channel" text NOT NULL,
                "category" text NOT NULL,
                "outcome" text NOT NULL,
                "case_id" uuid,
                "record_key" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "calls_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "calls_organization_started_idx" ON "calls" ("organization_id", "started_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "calls_operator_started_idx" ON "calls" ("operator_id", "started_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "calls_case_idx" ON "calls" ("case_id")
        `);
    await queryRunner.query(`
            CREATE VIEW "call_facts" AS
            SELECT c.id AS call_id, c.record_key, c.started_at, c.duration_seconds, c.organization_id,
                   c.channel, c.category, c.outcome, (c.case_id IS NOT NULL) AS has_case,
                   o.province_code::text AS province_code, NULL::text AS commune_code
              FROM calls c
              JOIN organizations o ON o.id = c.organization_id
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "call_facts"`);
    await queryRunner.query(`DROP TABLE "calls"`);
  }
}
