import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account changes that wait for a supervisor's confirmation (issue 12, Security 1), and the flag that
 * keeps a user on "set your own password" after a confirmed reset.
 */
export class AccountChanges1795800000001 implements MigrationInterface {
  name = 'AccountChanges1795800000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "users" ADD "password_change_required" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`
            CREATE TABLE "account_changes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" text NOT NULL,
                "target_user_id" uuid NOT NULL,
                "requested_by" uuid NOT NULL,
                "roles" text array NOT NULL DEFAULT '{}',
                "email_enc" text,
                "status" text NOT NULL DEFAULT 'pending',
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "account_changes_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "account_changes_pending_uq" ON "account_changes" ("target_user_id", "kind") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "account_changes_status_idx" ON "account_changes" ("status", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_changes" ADD CONSTRAINT "account_changes_target_fk" FOREIGN KEY ("target_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_changes" ADD CONSTRAINT "account_changes_requested_by_fk" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "account_changes" DROP CONSTRAINT "account_changes_requested_by_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "account_changes" DROP CONSTRAINT "account_changes_target_fk"`);
    await queryRunner.query(`DROP INDEX "public"."account_changes_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."account_changes_pending_uq"`);
    await queryRunner.query(`DROP TABLE "account_changes"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_change_required"`);
  }
}
