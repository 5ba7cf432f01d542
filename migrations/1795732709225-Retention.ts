import { MigrationInterface, QueryRunner } from 'typeorm';

export class Retention1795732709225 implements MigrationInterface {
  name = 'Retention1795732709225';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD "anonymised_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            CREATE INDEX "cases_retention_due_idx" ON "cases" ("closed_at", "id")
            WHERE status = 'closed'
                AND anonymised_at IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."cases_retention_due_idx"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP COLUMN "anonymised_at"
        `);
  }
}
