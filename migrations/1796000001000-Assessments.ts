import { MigrationInterface, QueryRunner } from 'typeorm';

export class Assessments1796000001000 implements MigrationInterface {
  name = 'Assessments1796000001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "assessment_form_versions" (
                "form_key" text NOT NULL,
                "version" integer NOT NULL,
                "hash" text NOT NULL,
                "definition" jsonb NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "assessment_form_versions_pk" PRIMARY KEY ("form_key", "version")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "assessments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "form_key" text NOT NULL,
                "form_version" integer NOT NULL,
                "status" text NOT NULL DEFAULT 'draft',
                "answers" jsonb NOT NULL DEFAULT '{}',
                "text_answers_enc" text,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_by" uuid NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "completed_by" uuid,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "assessments_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "assessments_case_idx" ON "assessments" ("case_id", "created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."assessments_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "assessments"
        `);
    await queryRunner.query(`
            DROP TABLE "assessment_form_versions"
        `);
  }
}
