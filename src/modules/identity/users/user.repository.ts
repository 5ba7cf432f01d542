import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CryptoService } from '../../../platform/crypto';
import {
  col,
  firstRow,
  insertStatement,
  PositionalParams,
  Queryable,
  RowOf,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../../platform/database';
import { ADMIN_ROLE } from '../domain/roles';
import { USER_DATA } from '../identity.personal-data';

const USER_COLUMNS = {
  id: col.uuid(),
  username: col.text(),
  display_name: col.text(),
  roles: col.textArray(),
  organization_id: col.uuid(),
  disabled: col.bool(),
  mfa_enabled: col.bool(),
  version: col.int(),
};

const USER = rowShape('user', USER_COLUMNS);

const USER_DETAIL = rowShape('user detail', {
  ...USER_COLUMNS,
  email_enc: col.text().orNull(),
});

const LISTED = rowShape('listed user', {
  ...USER_COLUMNS,
  created_at_text: col.text().as('({a}.created_at)::text'),
});

const ORGANIZATION_OF = rowShape('user organization', { organization_id: col.uuid() });
const COUNT = rowShape('count', { n: col.int() });
const ID = rowShape('user id', { id: col.uuid() });
const FACTS = rowShape('user facts', {
  id: col.uuid(),
  organization_id: col.uuid(),
  roles: col.textArray(),
  disabled: col.bool(),
});
const WORK_NAME = rowShape('work name', { id: col.uuid(), username: col.text(), display_name: col.text() });
const EMAIL = rowShape('user e-mail', { email_enc: col.text().orNull() });
const ASSIGNABLE = rowShape('assignable user', { id: col.uuid(), display_name: col.text() });

/** A user account as the admin sees it (no secrets, no e-mail). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  organizationId: string;
  disabled: boolean;
  mfaEnabled: boolean;
  version: number;
}

/** One user with the work e-mail, decrypted (single reads only). */
export interface UserDetail extends User {
  email: string | null;
}

/** What a new account is made of. */
export interface NewUser {
  username: string;
  displayName: string;
  roles: string[];
  organizationId: string;
  passwordHash: string;
  email: string | null;
}

/** The account's fields an admin changes; `email` undefined leaves it, null clears it. */
export interface UserChange {
  displayName: string;
  roles: string[];
  organizationId: string;
  disabled: boolean;
  email?: string | null;
}

const toUser = (r: RowOf<typeof USER_COLUMNS>): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles: r.roles,
  organizationId: r.organization_id,
  disabled: r.disabled,
  mfaEnabled: r.mfa_enabled,
  version: r.version,
});

/** The accounts part of the users table: what an admin creates, lists, reads and changes. */
@Injectable()
export class UserRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
  ) {}

  /** Inserts an account; undefined when the username is taken. */
  async insert(m: Queryable, user: NewUser): Promise<User | undefined> {
    const s = insertStatement('users', {
      username: user.username,
      display_name: user.displayName,
      roles: user.roles,
      organization_id: user.organizationId,
      password_hash: user.passwordHash,
      ...USER_DATA.sealInsert(this.crypto, { email: user.email }),
    });
    const row = await firstRow(
      m,
      `${s.text} ON CONFLICT (username) DO NOTHING RETURNING ${USER.columns()}`,
      s.values,
    );
    return row === undefined ? undefined : toUser(USER.parse(row));
  }

  /**
   * Users by creation then id, after the keyset position given, filtered by organisation and role;
   * `limit` rows at most, each with its creation time as PostgreSQL's text (the cursor).
   */
  async pageByCreation(
    filter: { organizationId?: string; role?: string },
    after: [string, string] | undefined,
    limit: number,
  ): Promise<(User & { createdAtText: string })[]> {
    const p = new PositionalParams();
    const where: string[] = [];
    if (filter.organizationId) where.push(`organization_id = ${p.add(filter.organizationId)}`);
    if (filter.role) where.push(`${p.add(filter.role)} = ANY(roles)`);
    if (after) where.push(`(created_at, id) > (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::uuid)`);
    const rows = await rowsOf(
      this.dataSource.manager,
      `SELECT ${LISTED.columns()} FROM users
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at, id LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((raw) => {
      const r = LISTED.parse(raw);
      return Object.assign(toUser(r), { createdAtText: r.created_at_text });
    });
  }

  /** One user with the work e-mail; the row locked when asked. */
  async find(m: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<UserDetail | undefined> {
    const raw = await firstRow(
      m,
      `SELECT ${USER_DETAIL.columns()} FROM users WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return raw === undefined ? undefined : this.toDetail(raw);
  }

  /** The user's organisation, the row locked (a request about her account is being made). */
  async lockOrganizationOf(m: Queryable, id: string): Promise<string | undefined> {
    const raw = await firstRow(m, `SELECT organization_id FROM users WHERE id = $1 FOR UPDATE`, [id]);
    return raw === undefined ? undefined : ORGANIZATION_OF.parse(raw).organization_id;
  }

  /** Changes an account (version + 1); disabling keeps the first time it was disabled. */
  async update(m: Queryable, id: string, change: UserChange): Promise<UserDetail | undefined> {
    const s = updateStatement(
      'users',
      {
        display_name: change.displayName,
        roles: change.roles,
        organization_id: change.organizationId,
        disabled: change.disabled,
        ...USER_DATA.sealPatch(this.crypto, { email: change.email }),
      },
      (p) => `id = ${p.add(id)}`,
      {
        extraSet: [
          change.disabled ? 'disabled_at = COALESCE(disabled_at, now())' : 'disabled_at = NULL',
          'updated_at = now()',
          'version = version + 1',
        ],
        returning: USER_DETAIL.columns(),
      },
    );
    const [raw] = await run(m, s);
    return raw === undefined ? undefined : this.toDetail(raw);
  }

  /** A confirmed role change. */
  async setRoles(m: Queryable, id: string, roles: string[]): Promise<void> {
    await m.query(`UPDATE users SET roles = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [
      id,
      roles,
    ]);
  }

  /** A confirmed new work e-mail (null clears it). */
  async setEmail(m: Queryable, id: string, email: string | null): Promise<void> {
    await run(
      m,
      updateStatement('users', USER_DATA.sealPatch(this.crypto, { email }), (p) => `id = ${p.add(id)}`, {
        extraSet: ['updated_at = now()', 'version = version + 1'],
      }),
    );
  }

  /** Whether any enabled admin exists (the create-admin command). */
  async enabledAdminExists(): Promise<boolean> {
    const raw = await firstRow(
      this.dataSource.manager,
      `SELECT count(*)::int AS n FROM users WHERE $1 = ANY(roles) AND NOT disabled`,
      [ADMIN_ROLE],
    );
    return raw !== undefined && COUNT.parse(raw).n > 0;
  }

  // The directory: other modules' questions, through IdentityDirectoryService.

  /** Ids of the active users holding the role, in one organisation or (undefined) anywhere. */
  async activeIdsWithRole(organizationId: string | undefined, role: string): Promise<string[]> {
    const p = new PositionalParams();
    const inOrganization =
      organizationId === undefined ? '' : `organization_id = ${p.add(organizationId)} AND `;
    const rows = await rowsOf(
      this.dataSource.manager,
      `SELECT id FROM users WHERE ${inOrganization}${p.add(role)} = ANY(roles) AND NOT disabled ORDER BY id`,
      p.values,
    );
    return rows.map((r) => ID.parse(r).id);
  }

  async factsOf(
    id: string,
  ): Promise<{ id: string; organizationId: string; roles: string[]; disabled: boolean } | undefined> {
    const raw = await firstRow(
      this.dataSource.manager,
      `SELECT ${FACTS.columns()} FROM users WHERE id = $1`,
      [id],
    );
    if (raw === undefined) return undefined;
    const r = FACTS.parse(raw);
    return { id: r.id, organizationId: r.organization_id, roles: r.roles, disabled: r.disabled };
  }

  /** Usernames and display names by id. */
  async workNamesOf(
    ids: readonly string[],
  ): Promise<{ id: string; username: string; displayName: string }[]> {
    const rows = await rowsOf(
      this.dataSource.manager,
      `SELECT ${WORK_NAME.columns()} FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return rows.map((raw) => {
      const r = WORK_NAME.parse(raw);
      return { id: r.id, username: r.username, displayName: r.display_name };
    });
  }

  /** The work e-mail of an active user, decrypted; null when there is none or the user is disabled. */
  async activeEmailOf(id: string): Promise<string | null> {
    const raw = await firstRow(
      this.dataSource.manager,
      `SELECT email_enc FROM users WHERE id = $1 AND NOT disabled`,
      [id],
    );
    return raw === undefined ? null : USER_DATA.openOne(this.crypto, 'email', EMAIL.parse(raw).email_enc);
  }

  /** The active users of an organisation holding the role, by display name: ids and names. */
  async activeNamesWithRole(
    organizationId: string,
    role: string,
  ): Promise<{ id: string; displayName: string }[]> {
    const rows = await rowsOf(
      this.dataSource.manager,
      `SELECT id, display_name FROM users
        WHERE organization_id = $1 AND NOT disabled AND $2 = ANY(roles)
        ORDER BY display_name, id`,
      [organizationId, role],
    );
    return rows.map((raw) => {
      const r = ASSIGNABLE.parse(raw);
      return { id: r.id, displayName: r.display_name };
    });
  }

  /**
   * Who may confirm an account change of this user: the active supervisors of her organisation; if it
   * has none, those of its parent organisation; else the active administrators. Never the requester,
   * never the user.
   */
  async confirmersOf(targetUserId: string, requesterId: string): Promise<string[]> {
    const rows = await rowsOf(
      this.dataSource.manager,
      `WITH target AS (
         SELECT u.id, u.organization_id, o.parent_id
           FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1
       ), candidates AS (
         SELECT c.id, CASE WHEN c.organization_id = t.organization_id AND 'supervisor' = ANY(c.roles) THEN 1
                           WHEN c.organization_id = t.parent_id AND 'supervisor' = ANY(c.roles) THEN 2
                           ELSE 3 END AS tier
           FROM users c, target t
          WHERE NOT c.disabled AND c.id <> t.id AND c.id <> $2
            AND (('supervisor' = ANY(c.roles) AND c.organization_id IN (t.organization_id, t.parent_id))
                 OR 'admin' = ANY(c.roles))
       )
       SELECT id FROM candidates WHERE tier = (SELECT min(tier) FROM candidates) ORDER BY id`,
      [targetUserId, requesterId],
    );
    return rows.map((r) => ID.parse(r).id);
  }

  private toDetail(raw: unknown): UserDetail {
    const r = USER_DETAIL.parse(raw);
    return Object.assign(toUser(r), { email: USER_DATA.openOne(this.crypto, 'email', r.email_enc) });
  }
}
