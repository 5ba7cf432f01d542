import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers of a case between organisations (issue 15, docs/ARCHITECTURE.md "Transfers"): one row per
 * request, its decision, and at most one waiting per case. The note and the decline reason are encrypted
 * (cases.personal-data.ts CASE_TRANSFER_DATA).
 */
export class CaseTransfers1796000006000 implements MigrationInterface {
  name = 'CaseTransfers1796000006000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "case_transfers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "from_organization_id" uuid NOT NULL,
                "to_organization_id" uuid NOT NULL,
                "consent_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'requested',
                "note_enc" text,
                "requested_by" uuid NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decline_reason_enc" text,
                "version" integer NOT NULL DEFAULT 1,
                CONSTRAINT "case_transfers_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`CREATE INDEX "case_transfers_case_idx" ON "case_transfers" ("case_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "case_transfers_one_open_uq" ON "case_transfers" ("case_id") WHERE status = 'requested'`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_transfers_to_idx" ON "case_transfers" ("to_organization_id", "requested_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_transfers_from_idx" ON "case_transfers" ("from_organization_id", "requested_at")`,
    );
    await queryRunner.query(`
            ALTER TABLE "case_transfers"
            ADD CONSTRAINT "case_transfers_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_transfers"
            ADD CONSTRAINT "case_transfers_consent_fk" FOREIGN KEY ("consent_id") REFERENCES "consents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_transfers"`);
  }
}
