import { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivitiesReporting1795734855263 implements MigrationInterface {
  name = 'ActivitiesReporting1795734855263';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "activities" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" text NOT NULL,
                "project" smallint NOT NULL,
                "model" smallint,
                "title" text NOT NULL,
                "date" date NOT NULL,
                "province_code" character varying(2) NOT NULL,
                "commune_code" character varying(5),
                "organization_id" uuid NOT NULL,
                "audience" text array NOT NULL DEFAULT '{}',
                "participants_female" integer NOT NULL DEFAULT '0',
                "participants_male" integer NOT NULL DEFAULT '0',
                "participants_other" integer NOT NULL DEFAULT '0',
                "youth_participants" integer,
                "residential_clusters_reached" integer,
                "notes_enc" text,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "activities_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "activities_organization_date_idx" ON "activities" ("organization_id", "date")
        `);
    await queryRunner.query(`
            CREATE INDEX "activities_date_idx" ON "activities" ("date")
        `);
    await queryRunner.query(`
            CREATE INDEX "activities_commune_date_idx" ON "activities" ("commune_code", "date")
        `);
    await queryRunner.query(`
            CREATE TABLE "indicator_denominators" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "period" text NOT NULL,
                "province_code" character varying(2) NOT NULL,
                "commune_code" character varying(5) NOT NULL DEFAULT '',
                "key" text NOT NULL,
                "value" integer NOT NULL,
                "updated_by" uuid NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "indicator_denominators_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "indicator_denominators_uq" ON "indicator_denominators" ("period", "province_code", "commune_code", "key")
        `);
    await queryRunner.query(`
            CREATE TABLE "report_runs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" text NOT NULL,
                "period" text NOT NULL,
                "province_code" character varying(2) NOT NULL,
                "commune_codes" character varying(5) array NOT NULL DEFAULT '{}',
                "format" text NOT NULL,
                "status" text NOT NULL,
                "requested_by" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "coverage" text NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "error_code" text,
                "file_name" text,
                "content_type" text,
                "file" bytea,
                "file_size" integer,
                CONSTRAINT "report_runs_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "report_runs_organization_idx" ON "report_runs" ("organization_id", "requested_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "report_runs_requester_idx" ON "report_runs" ("requested_by", "requested_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."report_runs_requester_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."report_runs_organization_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "report_runs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."indicator_denominators_uq"
        `);
    await queryRunner.query(`
            DROP TABLE "indicator_denominators"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."activities_commune_date_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."activities_date_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."activities_organization_date_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "activities"
        `);
  }
}
