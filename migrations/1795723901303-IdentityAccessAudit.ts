import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity (organisations, users, sessions, refresh tokens), access (break-glass grants), the audit trail
 * (append-only, hash-chained) and staff notifications.
 */
export class IdentityAccessAudit1795723901303 implements MigrationInterface {
  name = 'IdentityAccessAudit1795723901303';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "break_glass_grants" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "case_id" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "reason_text_enc" text NOT NULL,
                "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_b02d16f7854de523ef0f7ba9799" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "break_glass_grants_user_case_idx" ON "break_glass_grants" ("user_id", "case_id", "expires_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_chain_head" (
                "id" smallint NOT NULL,
                "last_seq" bigint NOT NULL DEFAULT '0',
                "last_hash" text NOT NULL DEFAULT '',
                "sealed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "audit_chain_head_single_row" CHECK (id = 1),
                CONSTRAINT "PK_9211408bf584034de409b1bbec5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "actor_id" uuid,
                "actor_roles" text array NOT NULL DEFAULT '{}',
                "organization_id" uuid,
                "action" text NOT NULL,
                "outcome" text NOT NULL DEFAULT 'success',
                "entity_type" text,
                "entity_id" text,
                "case_id" uuid,
                "reason_code" text,
                "reason_text_enc" text,
                "request_id" text,
                "chain_seq" bigint,
                "prev_hash" text,
                "hash" text,
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "audit_events_chain_seq_uq" ON "audit_events" ("chain_seq")
            WHERE chain_seq IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_unsealed_idx" ON "audit_events" ("id")
            WHERE hash IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_at_idx" ON "audit_events" ("at")
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_entity_idx" ON "audit_events" ("entity_type", "entity_id", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_actor_idx" ON "audit_events" ("actor_id", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_case_idx" ON "audit_events" ("case_id", "id")
            WHERE case_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "organizations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "type" text NOT NULL,
                "province_code" character varying(2) NOT NULL,
                "commune_code" character varying(5),
                "parent_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "organizations_parent_idx" ON "organizations" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "organizations_name_uq" ON "organizations" ("name")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" text NOT NULL,
                "display_name" text NOT NULL,
                "roles" text array NOT NULL DEFAULT '{}',
                "organization_id" uuid NOT NULL,
                "disabled" boolean NOT NULL DEFAULT false,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "password_hash" text NOT NULL,
                "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "failed_logins" integer NOT NULL DEFAULT '0',
                "locked_until" TIMESTAMP WITH TIME ZONE,
                "email_enc" text,
                "mfa_enabled" boolean NOT NULL DEFAULT false,
                "mfa_secret_enc" text,
                "mfa_pending_secret_enc" text,
                "mfa_last_step" bigint,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "users_organization_idx" ON "users" ("organization_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "users_username_uq" ON "users" ("username")
        `);
    await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" text,
                "mfa_verified" boolean NOT NULL DEFAULT false,
                CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "sessions_user_idx" ON "sessions" ("user_id")
            WHERE revoked_at IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "session_id" uuid NOT NULL,
                "token_hash" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "refresh_tokens_session_idx" ON "refresh_tokens" ("session_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "refresh_tokens_hash_uq" ON "refresh_tokens" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "notification_id" uuid NOT NULL,
                "channel" text NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "notification_deliveries_uq" ON "notification_deliveries" ("notification_id", "channel")
        `);
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "recipient_id" uuid NOT NULL,
                "type" text NOT NULL,
                "case_id" uuid,
                "reference" text,
                "referral_id" uuid,
                "title" text NOT NULL,
                "event_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "read_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "notifications_unread_idx" ON "notifications" ("recipient_id", "id")
            WHERE read_at IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "notifications_recipient_idx" ON "notifications" ("recipient_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "notifications_event_recipient_uq" ON "notifications" ("event_id", "recipient_id")
            WHERE event_id IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "organizations"
            ADD CONSTRAINT "organizations_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "users_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sessions"
            ADD CONSTRAINT "sessions_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens"
            ADD CONSTRAINT "refresh_tokens_session_fk" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);

    // Hand-written: what TypeORM cannot describe. The audit trail is append-only: a trigger refuses
    // DELETE, TRUNCATE and any UPDATE but the sealer's one write of chain_seq, prev_hash and hash.
    await queryRunner.query(`
            CREATE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
              IF TG_OP = 'UPDATE'
                 AND OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL
                 AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_roles, NEW.organization_id, NEW.action, NEW.outcome,
                      NEW.entity_type, NEW.entity_id, NEW.case_id, NEW.reason_code, NEW.reason_text_enc, NEW.request_id)
                     IS NOT DISTINCT FROM
                     (OLD.id, OLD.at, OLD.actor_id, OLD.actor_roles, OLD.organization_id, OLD.action, OLD.outcome,
                      OLD.entity_type, OLD.entity_id, OLD.case_id, OLD.reason_code, OLD.reason_text_enc, OLD.request_id)
              THEN
                RETURN NEW;
              END IF;
              RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = '42501';
            END
            $fn$
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_guard()
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard()
        `);
    await queryRunner.query(`INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, '')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_no_truncate ON audit_events`);
    await queryRunner.query(`DROP TRIGGER audit_events_append_only ON audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_events_guard()`);
    await queryRunner.query(`
            ALTER TABLE "refresh_tokens" DROP CONSTRAINT "refresh_tokens_session_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "users_organization_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "organizations" DROP CONSTRAINT "organizations_parent_fk"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_event_recipient_uq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_recipient_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_unread_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notification_deliveries_uq"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_deliveries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."refresh_tokens_hash_uq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."refresh_tokens_session_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."sessions_user_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "sessions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."users_username_uq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."users_organization_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."organizations_name_uq"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."organizations_parent_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "organizations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_case_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_actor_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_entity_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_at_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_unsealed_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_chain_seq_uq"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_chain_head"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."break_glass_grants_user_case_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "break_glass_grants"
        `);
  }
}
