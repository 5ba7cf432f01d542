import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents attached to a case (docs/ARCHITECTURE.md "Documents"): the record (kind, type, size, the name
 * encrypted, who and when, destroyed_at) and the PostgreSQL document store's sealed contents. The content
 * is stored apart (TOAST keeps it out of the record's pages; `SELECT … FROM documents` never reads it).
 */
export class Documents1796000004000 implements MigrationInterface {
  name = 'Documents1796000004000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "media_type" text NOT NULL,
                "size_bytes" integer NOT NULL,
                "name_enc" text,
                "added_by" uuid NOT NULL,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "destroyed_at" TIMESTAMP WITH TIME ZONE,
                "destroyed_reason" text,
                CONSTRAINT "documents_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "documents_case_idx" ON "documents" ("case_id", "added_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "document_contents" (
                "document_id" uuid NOT NULL,
                "content_enc" bytea NOT NULL,
                CONSTRAINT "document_contents_pk" PRIMARY KEY ("document_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "document_contents"
            ADD CONSTRAINT "document_contents_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // The content is already encrypted: compressing it is wasted work.
    await queryRunner.query(
      `ALTER TABLE "document_contents" ALTER COLUMN "content_enc" SET STORAGE EXTERNAL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "document_contents"`);
    await queryRunner.query(`DROP TABLE "documents"`);
  }
}
