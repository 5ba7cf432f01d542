import { MigrationInterface, QueryRunner } from 'typeorm';

export class CasePlans1796000002000 implements MigrationInterface {
  name = 'CasePlans1796000002000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "case_plan_actions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "plan_id" uuid NOT NULL,
                "goal_id" uuid NOT NULL,
                "case_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "service" text NOT NULL,
                "performer" text NOT NULL,
                "provider_id" uuid,
                "due_on" date,
                "status" text NOT NULL DEFAULT 'planned',
                "drop_reason_enc" text,
                "referral_id" uuid,
                "note_enc" text,
                "updated_by" uuid,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "case_plan_actions_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "case_plan_actions_case_idx" ON "case_plan_actions" ("case_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "case_plan_actions_plan_idx" ON "case_plan_actions" ("plan_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_plan_goals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "plan_id" uuid NOT NULL,
                "case_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "needs_area" text NOT NULL,
                "goal_text_enc" text,
                CONSTRAINT "case_plan_goals_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "case_plan_goals_case_idx" ON "case_plan_goals" ("case_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "case_plan_goals_plan_idx" ON "case_plan_goals" ("plan_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_plans" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "version_no" integer NOT NULL,
                "status" text NOT NULL,
                "review_every_days" integer,
                "copied_from" uuid,
                "submitted_by" uuid,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "return_reason_enc" text,
                "superseded_at" TIMESTAMP WITH TIME ZONE,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "case_plans_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "case_plans_submitted_idx" ON "case_plans" ("submitted_at")
            WHERE status = 'submitted'
        `);
    await queryRunner.query(`
            CREATE INDEX "case_plans_case_idx" ON "case_plans" ("case_id", "version_no")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."case_plans_case_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."case_plans_submitted_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "case_plans"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."case_plan_goals_plan_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."case_plan_goals_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "case_plan_goals"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."case_plan_actions_plan_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."case_plan_actions_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "case_plan_actions"
        `);
  }
}
