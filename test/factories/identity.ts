import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import type { TestDatabase } from '../support/database';
import type { RunningApi } from '../support/app';
import { DataSource } from 'typeorm';
import { base32Encode } from '../../src/modules/identity/domain/base32';

/**
 * Synthetic organisations and users, written straight to the database (no API, no audit rows): for
 * tests that need people to exist. Names are made up; never real data.
 */

/** Every role of config/catalogues/roles.yaml. */
export const ROLE_NAMES = [
  'hotline_operator',
  'counsellor',
  'supervisor',
  'provider_staff',
  'centre_manager',
  'admin',
  'auditor',
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** A database to write to: a TestDatabase, or a running API (its own connection pool). */
export type Target = TestDatabase | RunningApi;

export interface TestOrganization {
  id: string;
  name: string;
  type: string;
  provinceCode: string;
  communeCode: string | null;
  parentId: string | null;
}

export interface TestUser {
  id: string;
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  organizationId: string;
  /** The TOTP secret (base32) when the user was made with mfa: true. */
  totpSecret?: string;
}

type Query = <T extends object>(sql: string, params?: unknown[]) => Promise<T[]>;

export function queryOf(target: Target): Query {
  if ('app' in target) {
    const ds = target.app.get(DataSource);
    return <T extends object>(sql: string, params: unknown[] = []) => ds.query<T[]>(sql, params);
  }
  return <T extends object>(sql: string, params: unknown[] = []) => target.query<T>(sql, params);
}

const suffix = (): string => randomBytes(4).toString('hex');

export async function createOrganization(
  target: Target,
  opts: Partial<Omit<TestOrganization, 'id'>> = {},
): Promise<TestOrganization> {
  const org = {
    name: opts.name ?? `Tổ chức thử ${suffix()}`,
    type: opts.type ?? 'social_work_centre',
    provinceCode: opts.provinceCode ?? '01',
    communeCode: opts.communeCode ?? null,
    parentId: opts.parentId ?? null,
  };
  const [row] = await queryOf(target)<{ id: string }>(
    `INSERT INTO organizations (name, type, province_code, commune_code, parent_id)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [org.name, org.type, org.provinceCode, org.communeCode, org.parentId],
  );
  return { id: row!.id, ...org };
}

const hashes = new Map<string, Promise<string>>();

/** argon2id as the app hashes; one hash per distinct password per test process (they are slow). */
export function hashPassword(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) {
    h = argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    hashes.set(password, h);
  }
  return h;
}

/** A password the policy accepts (long, not common, never containing a username of these factories). */
export const DEFAULT_TEST_PASSWORD = 'Mật-khẩu-thử-nghiệm-2026!';

export interface CreateUserOptions {
  roles: readonly string[];
  organizationId?: string;
  password?: string;
  username?: string;
  displayName?: string;
  disabled?: boolean;
  /** Set up the second factor: the secret is returned as totpSecret. Needs a RunningApi target. */
  mfa?: boolean;
}

/** A user, straight in the database. Without organizationId, a fresh organisation is made for them. */
export async function createUser(target: Target, opts: CreateUserOptions): Promise<TestUser> {
  const organizationId = opts.organizationId ?? (await createOrganization(target)).id;
  const password = opts.password ?? DEFAULT_TEST_PASSWORD;
  const username = opts.username ?? `nv.${suffix()}`;
  const displayName = opts.displayName ?? `Người dùng thử ${suffix()}`;
  let totpSecret: string | undefined;
  let secretEnc: string | null = null;
  if (opts.mfa) {
    if (!('app' in target)) throw new Error('createUser with mfa: true needs a RunningApi (for its keys)');
    const { CryptoService } = await import('../../src/platform/crypto');
    const { USER_DATA } = await import('../../src/modules/identity/identity.personal-data');
    totpSecret = base32Encode(randomBytes(20));
    secretEnc = USER_DATA.sealOne(target.app.get(CryptoService), 'mfaSecret', totpSecret);
  }
  const [row] = await queryOf(target)<{ id: string }>(
    `INSERT INTO users (username, display_name, roles, organization_id, password_hash, disabled, disabled_at,
                        mfa_enabled, mfa_secret_enc)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 THEN now() END, $7, $8) RETURNING id`,
    [
      username,
      displayName,
      [...opts.roles],
      organizationId,
      await hashPassword(password),
      opts.disabled ?? false,
      opts.mfa ?? false,
      secretEnc,
    ],
  );
  return {
    id: row!.id,
    username,
    displayName,
    password,
    roles: [...opts.roles],
    organizationId,
    ...(totpSecret ? { totpSecret } : {}),
  };
}

/**
 * The test world of the authorization matrix: two organisations (A and B) and one user per role in
 * each. Callers act as the user of their role in organisation A; records of organisation B stand for
 * "another organisation".
 */
export interface World {
  orgA: TestOrganization;
  orgB: TestOrganization;
  users: Record<RoleName, { A: TestUser; B: TestUser }>;
}

export async function buildWorld(target: Target): Promise<World> {
  const tag = suffix();
  const orgA = await createOrganization(target, { name: `Trung tâm A ${tag}`, type: 'social_work_centre' });
  const orgB = await createOrganization(target, { name: `Trung tâm B ${tag}`, type: 'social_work_centre' });
  const users = {} as World['users'];
  for (const role of ROLE_NAMES) {
    users[role] = {
      A: await createUser(target, { roles: [role], organizationId: orgA.id, username: `${role}.a.${tag}` }),
      B: await createUser(target, { roles: [role], organizationId: orgB.id, username: `${role}.b.${tag}` }),
    };
  }
  return { orgA, orgB, users };
}
