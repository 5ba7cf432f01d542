import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases (issue 4): the case, its survivor and reporter, incidents, risk assessments, consents, notes,
 * protection measures, assignments, transitions, closure requests and restrictions; reference counters.
 */
export class Cases1795730000001 implements MigrationInterface {
  name = 'Cases1795730000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "cases" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "reference" text NOT NULL,
                "organization_id" uuid NOT NULL,
                "channel" text NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" text NOT NULL,
                "assignee_id" uuid,
                "risk_level" text,
                "risk_score" integer,
                "context" text array NOT NULL DEFAULT '{}',
                "restricted" boolean NOT NULL DEFAULT false,
                "created_by" uuid NOT NULL,
                "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "record_key" integer NOT NULL,
                "closure_requested_by" uuid,
                "closure_reason_code" text,
                "closure_reason_text_enc" text,
                "closure_requested_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "cases_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "cases_reference_key" ON "cases" ("reference")
        `);
    await queryRunner.query(`
            CREATE INDEX "cases_unassigned_queue_idx" ON "cases" ("organization_id", "opened_at")
            WHERE assignee_id IS NULL
                AND status <> 'closed'
        `);
    await queryRunner.query(`
            CREATE INDEX "cases_assignee_status_idx" ON "cases" ("assignee_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "cases_organization_opened_idx" ON "cases" ("organization_id", "opened_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_assignments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "assignee_id" uuid,
                "assigned_by" uuid,
                "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "case_assignments_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "case_assignments_case_idx" ON "case_assignments" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_transitions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "from_status" text,
                "to_status" text NOT NULL,
                "reason_code" text,
                "reason_text_enc" text,
                "actor_id" uuid,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "case_transitions_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "case_transitions_case_idx" ON "case_transitions" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "closure_requests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "requested_by" uuid NOT NULL,
                "reason_code" text NOT NULL,
                "reason_text_enc" text,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decision" text,
                "decision_reason_enc" text,
                CONSTRAINT "closure_requests_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "closure_requests_case_idx" ON "closure_requests" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_restricted_supervisors" (
                "case_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                CONSTRAINT "case_restricted_supervisors_pk" PRIMARY KEY ("case_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "consents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "purpose" text NOT NULL,
                "provider_types" text array NOT NULL DEFAULT '{}',
                "provider_ids" uuid array NOT NULL DEFAULT '{}',
                "shared_fields" text array NOT NULL DEFAULT '{}',
                "method" text NOT NULL,
                "given_by" text NOT NULL,
                "recorded_by" uuid NOT NULL,
                "given_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "withdrawn_at" TIMESTAMP WITH TIME ZONE,
                "withdrawn_by" uuid,
                "withdrawal_reason_enc" text,
                CONSTRAINT "consents_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "consents_case_idx" ON "consents" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "incidents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "occurred_on" text,
                "commune_code" text,
                "place_type" text,
                "violence_types" text array NOT NULL,
                "dv_acts" text array NOT NULL DEFAULT '{}',
                "perpetrator_relationship" text,
                "perpetrator_sex" text,
                "perpetrator_age_group" text,
                "perpetrator_count" integer,
                "repeated" boolean,
                "previously_reported" boolean,
                "children_present" boolean,
                "exchange_involved" boolean,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "incidents_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "incidents_case_idx" ON "incidents" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_reference_counters" (
                "prefix" text NOT NULL,
                "year" integer NOT NULL,
                "last_value" integer NOT NULL,
                CONSTRAINT "case_reference_counters_pk" PRIMARY KEY ("prefix", "year")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "text_enc" text NOT NULL,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "notes_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "notes_case_idx" ON "notes" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "protection_measures" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "type" text NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "starts_at" TIMESTAMP WITH TIME ZONE,
                "ends_at" TIMESTAMP WITH TIME ZONE,
                "decided_late" boolean NOT NULL DEFAULT false,
                "note_enc" text,
                "recorded_by" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "protection_measures_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "protection_measures_case_idx" ON "protection_measures" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "reporters" (
                "case_id" uuid NOT NULL,
                "relationship" text NOT NULL,
                "full_name_enc" text,
                "phone_enc" text,
                "phone_index" text,
                CONSTRAINT "reporters_pk" PRIMARY KEY ("case_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "reporters_phone_index_idx" ON "reporters" ("phone_index")
        `);
    await queryRunner.query(`
            CREATE TABLE "risk_assessments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "answers_enc" text NOT NULL,
                "score" integer NOT NULL,
                "level" text NOT NULL,
                "assessed_by" uuid NOT NULL,
                "assessed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "risk_assessments_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "risk_assessments_case_idx" ON "risk_assessments" ("case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "survivors" (
                "case_id" uuid NOT NULL,
                "full_name_enc" text,
                "phones_enc" text,
                "phone_indexes" text array NOT NULL DEFAULT '{}',
                "sex" text NOT NULL,
                "birth_year_enc" text,
                "date_of_birth_enc" text,
                "age_group" text,
                "national_id_enc" text,
                "national_id_index" text,
                "name_birth_year_index" text,
                "commune_code" text,
                "address_detail_enc" text,
                "disability" boolean,
                "ethnic_minority" boolean,
                "marital_status" text,
                "occupation_group" text,
                "guardian_enc" text,
                "guardian_phone_index" text,
                "can_call" boolean,
                "can_text" boolean,
                "can_leave_message" boolean,
                "phone_shared_with_perpetrator" boolean,
                "safe_times_enc" text,
                "code_word_enc" text,
                "safe_contact_notes_enc" text,
                CONSTRAINT "survivors_pk" PRIMARY KEY ("case_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "survivors_national_id_index_idx" ON "survivors" ("national_id_index")
        `);
    // Any of a survivor's phones (blind indexes), for duplicates and search.
    await queryRunner.query(`
            CREATE INDEX "survivors_phone_indexes_idx" ON "survivors" USING GIN ("phone_indexes")
        `);
    await queryRunner.query(`
            CREATE INDEX "survivors_name_birth_year_index_idx" ON "survivors" ("name_birth_year_index")
        `);
    await queryRunner.query(`
            ALTER TABLE "case_assignments"
            ADD CONSTRAINT "case_assignments_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_transitions"
            ADD CONSTRAINT "case_transitions_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "closure_requests"
            ADD CONSTRAINT "closure_requests_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_restricted_supervisors"
            ADD CONSTRAINT "case_restricted_supervisors_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "consents"
            ADD CONSTRAINT "consents_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incidents"
            ADD CONSTRAINT "incidents_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notes"
            ADD CONSTRAINT "notes_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "protection_measures"
            ADD CONSTRAINT "protection_measures_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "reporters"
            ADD CONSTRAINT "reporters_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "risk_assessments"
            ADD CONSTRAINT "risk_assessments_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "survivors"
            ADD CONSTRAINT "survivors_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."survivors_phone_indexes_idx"
        `);
    await queryRunner.query(`
            ALTER TABLE "survivors" DROP CONSTRAINT "survivors_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "risk_assessments" DROP CONSTRAINT "risk_assessments_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "reporters" DROP CONSTRAINT "reporters_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "protection_measures" DROP CONSTRAINT "protection_measures_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "notes" DROP CONSTRAINT "notes_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "incidents" DROP CONSTRAINT "incidents_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "consents" DROP CONSTRAINT "consents_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_restricted_supervisors" DROP CONSTRAINT "case_restricted_supervisors_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "closure_requests" DROP CONSTRAINT "closure_requests_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_transitions" DROP CONSTRAINT "case_transitions_case_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_assignments" DROP CONSTRAINT "case_assignments_case_fk"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."survivors_name_birth_year_index_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."survivors_national_id_index_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "survivors"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."risk_assessments_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "risk_assessments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."reporters_phone_index_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "reporters"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."protection_measures_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "protection_measures"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notes_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "notes"
        `);
    await queryRunner.query(`
            DROP TABLE "case_reference_counters"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incidents_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "incidents"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."consents_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "consents"
        `);
    await queryRunner.query(`
            DROP TABLE "case_restricted_supervisors"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."closure_requests_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "closure_requests"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."case_transitions_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "case_transitions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."case_assignments_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "case_assignments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."cases_organization_opened_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."cases_assignee_status_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."cases_unassigned_queue_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."cases_reference_key"
        `);
    await queryRunner.query(`
            DROP TABLE "cases"
        `);
  }
}
