import { MigrationInterface, QueryRunner } from 'typeorm';

export class DirectoryReferrals1795730570691 implements MigrationInterface {
  name = 'DirectoryReferrals1795730570691';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "providers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "type" text NOT NULL,
                "organization_id" uuid NOT NULL,
                "province_code" character varying(2) NOT NULL,
                "commune_code" character varying(5) NOT NULL,
                "address_text_enc" text,
                "phone_enc" text,
                "hours" text,
                "services" text array NOT NULL DEFAULT '{}',
                "area_served" character varying(5) array NOT NULL DEFAULT '{}',
                "capacity" integer,
                "accepting_referrals" boolean NOT NULL DEFAULT true,
                "languages" text array NOT NULL DEFAULT '{}',
                "version" integer NOT NULL DEFAULT '1',
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "providers_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "providers_organization_name_uq" ON "providers" ("organization_id", "name")
        `);
    await queryRunner.query(`
            CREATE INDEX "providers_type_commune_idx" ON "providers" ("type", "commune_code")
        `);
    await queryRunner.query(`
            CREATE INDEX "providers_organization_idx" ON "providers" ("organization_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "provider_partner_organizations" (
                "provider_id" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "source" text NOT NULL,
                "added_by" uuid,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "provider_partner_organizations_pk" PRIMARY KEY ("provider_id", "organization_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "referrals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "reference" text NOT NULL,
                "referring_organization_id" uuid NOT NULL,
                "referred_by" uuid NOT NULL,
                "provider_id" uuid NOT NULL,
                "recipient_organization_id" uuid NOT NULL,
                "services" text array NOT NULL,
                "urgency" text NOT NULL,
                "consent_id" uuid,
                "emergency_override" boolean NOT NULL DEFAULT false,
                "override_reason_enc" text,
                "note_enc" text,
                "status" text NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "due_by" TIMESTAMP WITH TIME ZONE NOT NULL,
                "responded_at" TIMESTAMP WITH TIME ZONE,
                "responded_by" uuid,
                "started_at" TIMESTAMP WITH TIME ZONE,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "services_provided" text array NOT NULL DEFAULT '{}',
                "completed_on" date,
                "version" integer NOT NULL DEFAULT '1',
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "referrals_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_unanswered_due_idx" ON "referrals" ("due_by")
            WHERE status = 'sent'
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_provider_status_idx" ON "referrals" ("provider_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_outgoing_idx" ON "referrals" ("referring_organization_id", "sent_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_incoming_idx" ON "referrals" ("recipient_organization_id", "sent_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_case_idx" ON "referrals" ("case_id", "sent_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "referral_transitions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "referral_id" uuid NOT NULL,
                "from_status" text,
                "to_status" text NOT NULL,
                "actor_id" uuid NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "reason_code" text,
                "reason_text_enc" text,
                CONSTRAINT "referral_transitions_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "referral_transitions_referral_idx" ON "referral_transitions" ("referral_id", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "stays" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "referral_id" uuid NOT NULL,
                "case_id" uuid NOT NULL,
                "reference" text NOT NULL,
                "provider_id" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "admitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "admitted_by" uuid NOT NULL,
                "discharged_at" TIMESTAMP WITH TIME ZONE,
                "discharged_by" uuid,
                CONSTRAINT "stays_pk" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "stays_provider_current_idx" ON "stays" ("provider_id")
            WHERE discharged_at IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "stays_provider_idx" ON "stays" ("provider_id", "admitted_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "stays_referral_uq" ON "stays" ("referral_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_partner_organizations"
            ADD CONSTRAINT "provider_partner_organizations_provider_fk" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "referral_transitions"
            ADD CONSTRAINT "referral_transitions_referral_fk" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stays"
            ADD CONSTRAINT "stays_referral_fk" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "stays" DROP CONSTRAINT "stays_referral_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "referral_transitions" DROP CONSTRAINT "referral_transitions_referral_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_partner_organizations" DROP CONSTRAINT "provider_partner_organizations_provider_fk"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."stays_referral_uq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."stays_provider_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."stays_provider_current_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "stays"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referral_transitions_referral_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "referral_transitions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_case_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_incoming_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_outgoing_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_provider_status_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_unanswered_due_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "referrals"
        `);
    await queryRunner.query(`
            DROP TABLE "provider_partner_organizations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."providers_organization_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."providers_type_commune_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."providers_organization_name_uq"
        `);
    await queryRunner.query(`
            DROP TABLE "providers"
        `);
  }
}
