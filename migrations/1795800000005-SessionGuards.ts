import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: wrong current passwords counted per session (not per account), and the client that spent a
 * refresh token (a keyed hash) for the double-submit grace window.
 */
export class SessionGuards1795800000005 implements MigrationInterface {
  name = 'SessionGuards1795800000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sessions" ADD "password_failures" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens" ADD "used_by_client" text
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens" DROP COLUMN "used_by_client"
        `);
    await queryRunner.query(`
            ALTER TABLE "sessions" DROP COLUMN "password_failures"
        `);
  }
}
