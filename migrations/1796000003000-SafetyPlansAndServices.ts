import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, items 3–5 (docs/ARCHITECTURE.md "Safety plan and services given"): the structured safety plan
 * (one current per case: its head, every saved version with its content encrypted, every review), the
 * services given recorded on the case, the incident's version for corrections after intake, and the
 * reporting read model of the services recorded on cases (no note, no person).
 */
export class SafetyPlansAndServices1796000003000 implements MigrationInterface {
  name = 'SafetyPlansAndServices1796000003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "safety_plans" (
                "case_id" uuid NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_by" uuid NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "reviewed_by" uuid NOT NULL,
                "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "safety_plans_pk" PRIMARY KEY ("case_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "safety_plan_versions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "leaving_items" text array NOT NULL DEFAULT '{}',
                "content_enc" text NOT NULL,
                "saved_by" uuid NOT NULL,
                "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "safety_plan_versions_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "safety_plan_versions_case_version_uq" ON "safety_plan_versions" ("case_id", "version")
        `);
    await queryRunner.query(`
            CREATE TABLE "safety_plan_reviews" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "source" text NOT NULL,
                "follow_up_id" uuid,
                "reviewed_by" uuid NOT NULL,
                "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "safety_plan_reviews_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "safety_plan_reviews_case_idx" ON "safety_plan_reviews" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_services" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "service_key" text NOT NULL,
                "given_on" date NOT NULL,
                "given_by" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "note_enc" text,
                "version" integer NOT NULL DEFAULT '1',
                "recorded_by" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_by" uuid,
                "updated_at" TIMESTAMP WITH TIME ZONE,
                "removed_by" uuid,
                "removed_at" TIMESTAMP WITH TIME ZONE,
                "removal_reason" text,
                CONSTRAINT "case_services_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "case_services_case_idx" ON "case_services" ("case_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "case_services_given_on_idx" ON "case_services" ("given_on")
        `);
    for (const t of ['safety_plans', 'safety_plan_versions', 'safety_plan_reviews', 'case_services']) {
      await queryRunner.query(`
            ALTER TABLE "${t}" ADD CONSTRAINT "${t}_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }
    await queryRunner.query(`ALTER TABLE "incidents" ADD "version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "incidents" ADD "updated_by" uuid`);
    await queryRunner.query(`ALTER TABLE "incidents" ADD "updated_at" TIMESTAMP WITH TIME ZONE`);
    // Reporting's read model of the services recorded on cases: removed (mistaken) entries aside.
    await queryRunner.query(`
            CREATE VIEW "reporting_case_services" AS
            SELECT cs.id AS case_service_id, cs.case_id, cs.service_key, cs.given_on
              FROM case_services cs
             WHERE cs.removed_at IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "reporting_case_services"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "updated_at"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "updated_by"`);
    await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "version"`);
    await queryRunner.query(`DROP TABLE "case_services"`);
    await queryRunner.query(`DROP TABLE "safety_plan_reviews"`);
    await queryRunner.query(`DROP TABLE "safety_plan_versions"`);
    await queryRunner.query(`DROP TABLE "safety_plans"`);
  }
}
