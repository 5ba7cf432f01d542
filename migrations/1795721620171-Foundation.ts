import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795721620171 implements MigrationInterface {
  name = 'Foundation1795721620171';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "scope" text NOT NULL,
                "route" text NOT NULL,
                "key" text NOT NULL,
                "request_hash" text NOT NULL,
                "status_code" integer,
                "response_body_enc" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_67c50dd936290cdfa954a69d5b0" PRIMARY KEY ("scope", "route", "key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys" ("expires_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "event_receipts" (
                "event_id" uuid NOT NULL,
                "handler" text NOT NULL,
                "recipient" text NOT NULL DEFAULT '',
                "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_450c1f6c30c6bf9e8870d9dfdc8" PRIMARY KEY ("event_id", "handler", "recipient")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox_events" (
                "id" uuid NOT NULL,
                "topic" text NOT NULL,
                "payload" jsonb NOT NULL,
                "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "outbox_events_undelivered_idx" ON "outbox_events" ("sent_at")
            WHERE sent_at IS NOT NULL
                AND delivered_at IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "outbox_events_sent_at_idx" ON "outbox_events" ("sent_at")
            WHERE sent_at IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "outbox_events_pending_idx" ON "outbox_events" ("available_at", "created_at", "id")
            WHERE sent_at IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "system_probes" (
                "id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "handled_at" TIMESTAMP WITH TIME ZONE,
                "deliveries" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_2b7b6cd114134f1caf9e9c590ac" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "dead_letters" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "queue" text NOT NULL,
                "job_id" text NOT NULL,
                "job_name" text NOT NULL,
                "payload" jsonb NOT NULL,
                "error" text NOT NULL,
                "attempts" integer NOT NULL,
                "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "retried_at" TIMESTAMP WITH TIME ZONE,
                "retry_count" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "dead_letters_open_idx" ON "dead_letters" ("failed_at")
            WHERE retried_at IS NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "dead_letters_queue_job_uq" ON "dead_letters" ("queue", "job_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "geo_provinces" (
                "code" character varying(2) NOT NULL,
                "name" text NOT NULL,
                "full_name" text NOT NULL,
                "name_en" text NOT NULL,
                "unit_type" text NOT NULL,
                "valid_from" date NOT NULL,
                "valid_to" date,
                CONSTRAINT "PK_90c14e70455bbc48578099b8176" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "geo_communes" (
                "code" character varying(5) NOT NULL,
                "province_code" character varying(2) NOT NULL,
                "name" text NOT NULL,
                "full_name" text NOT NULL,
                "name_en" text NOT NULL,
                "unit_type" text NOT NULL,
                "valid_from" date NOT NULL,
                "valid_to" date,
                CONSTRAINT "PK_94ef7b481671887026fbe438ade" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "geo_communes_province_idx" ON "geo_communes" ("province_code", "code")
        `);
    await queryRunner.query(`
            ALTER TABLE "geo_communes"
            ADD CONSTRAINT "geo_communes_province_fk" FOREIGN KEY ("province_code") REFERENCES "geo_provinces"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "geo_communes" DROP CONSTRAINT "geo_communes_province_fk"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."geo_communes_province_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "geo_communes"
        `);
    await queryRunner.query(`
            DROP TABLE "geo_provinces"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."dead_letters_queue_job_uq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."dead_letters_open_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "dead_letters"
        `);
    await queryRunner.query(`
            DROP TABLE "system_probes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."outbox_events_pending_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."outbox_events_sent_at_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."outbox_events_undelivered_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox_events"
        `);
    await queryRunner.query(`
            DROP TABLE "event_receipts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."idempotency_keys_expires_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
  }
}
