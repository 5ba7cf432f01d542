import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15, item 10: links between possible duplicates, and merges of two cases with their undo. */
export class CaseLinksMerges1796000008000 implements MigrationInterface {
  name = 'CaseLinksMerges1796000008000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "case_links" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "linked_case_id" uuid NOT NULL,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "case_links_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "case_links_linked_case_idx" ON "case_links" ("linked_case_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "case_links_pair_key" ON "case_links" ("case_id", "linked_case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_merges" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "surviving_case_id" uuid NOT NULL,
                "merged_case_id" uuid NOT NULL,
                "merged_status" text NOT NULL,
                "moved" jsonb NOT NULL DEFAULT '{}',
                "merged_by" uuid NOT NULL,
                "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "undo_deadline" TIMESTAMP WITH TIME ZONE NOT NULL,
                "undone_by" uuid,
                "undone_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "case_merges_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "case_merges_surviving_idx" ON "case_merges" ("surviving_case_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "case_merges_merged_idx" ON "case_merges" ("merged_case_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "case_merges_merged_active_key" ON "case_merges" ("merged_case_id")
            WHERE undone_at IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "cases_merged_retention_idx" ON "cases" ("closed_at", "id")
            WHERE status = 'merged' AND anonymised_at IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "case_links"
            ADD CONSTRAINT "case_links_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_links"
            ADD CONSTRAINT "case_links_linked_case_fk" FOREIGN KEY ("linked_case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_merges"
            ADD CONSTRAINT "case_merges_surviving_case_fk" FOREIGN KEY ("surviving_case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_merges"
            ADD CONSTRAINT "case_merges_merged_case_fk" FOREIGN KEY ("merged_case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "cases_merged_retention_idx"`);
    await queryRunner.query(`ALTER TABLE "case_merges" DROP CONSTRAINT "case_merges_merged_case_fk"`);
    await queryRunner.query(`ALTER TABLE "case_merges" DROP CONSTRAINT "case_merges_surviving_case_fk"`);
    await queryRunner.query(`ALTER TABLE "case_links" DROP CONSTRAINT "case_links_linked_case_fk"`);
    await queryRunner.query(`ALTER TABLE "case_links" DROP CONSTRAINT "case_links_case_fk"`);
    await queryRunner.query(`DROP TABLE "case_merges"`);
    await queryRunner.query(`DROP TABLE "case_links"`);
  }
}
