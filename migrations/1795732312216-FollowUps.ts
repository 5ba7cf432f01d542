import { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowUps1795732312216 implements MigrationInterface {
  name = 'FollowUps1795732312216';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "follow_ups" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "reference" text NOT NULL,
                "organization_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "assignee_id" uuid,
                "note_enc" text,
                "status" text NOT NULL DEFAULT 'open',
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "completed_by" uuid,
                "outcome" text,
                "reminder_stage" smallint NOT NULL DEFAULT '0',
                "next_reminder_at" TIMESTAMP WITH TIME ZONE,
                "source_key" text,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "follow_ups_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "follow_ups_open_review_uq" ON "follow_ups" ("case_id")
            WHERE kind = 'case_review'
                AND status = 'open'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "follow_ups_source_uq" ON "follow_ups" ("source_key")
            WHERE source_key IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "follow_ups_next_reminder_idx" ON "follow_ups" ("next_reminder_at")
            WHERE next_reminder_at IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "follow_ups_organization_idx" ON "follow_ups" ("organization_id", "due_at", "id")
            WHERE status = 'open'
        `);
    await queryRunner.query(`
            CREATE INDEX "follow_ups_mine_idx" ON "follow_ups" ("assignee_id", "due_at", "id")
            WHERE status = 'open'
        `);
    await queryRunner.query(`
            CREATE INDEX "follow_ups_case_idx" ON "follow_ups" ("case_id", "due_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD "escalated_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_escalation_due_idx" ON "referrals" ("due_by")
            WHERE status = 'sent'
                AND escalated_at IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."referrals_escalation_due_idx"
        `);
    await queryRunner.query(`
            ALTER TABLE "referrals" DROP COLUMN "escalated_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."follow_ups_case_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."follow_ups_mine_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."follow_ups_organization_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."follow_ups_next_reminder_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."follow_ups_source_uq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."follow_ups_open_review_uq"
        `);
    await queryRunner.query(`
            DROP TABLE "follow_ups"
        `);
  }
}
