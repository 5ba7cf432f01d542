import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../../src/cli.module';
import { CreateAdmin, readAdminPassword } from '../../src/modules/identity';
import { captureLogger } from '../support/log-capture';
import { startApi, TEST_KEYS, testEnv } from '../support/app';
import { signIn } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

const PASSWORD = 'Mật khẩu quản trị đầu tiên 2026';

describe('npm run cli -- create-admin', () => {
  describe('the command function', () => {
    let db: TestDatabase;
    let ctx: INestApplicationContext;
    let createAdmin: CreateAdmin;

    beforeAll(async () => {
      db = await createTestDatabase();
      const env = testEnv(db.url);
      ctx = await NestFactory.createApplicationContext(CliModule.forRoot(env, captureLogger('warn').logger), {
        logger: false,
        abortOnError: false,
      });
      createAdmin = ctx.get(CreateAdmin);
    });
    afterAll(async () => {
      await ctx?.close();
      await db?.drop();
    });

    it('refuses when there is no organisation and none is named', async () => {
      await expect(createAdmin.run({ username: 'quan.tri', password: PASSWORD })).rejects.toThrow(
        'there is no organisation yet',
      );
      expect(await db.query(`SELECT id FROM users`)).toEqual([]);
    });

    it('refuses a weak password and creates nothing', async () => {
      await expect(
        createAdmin.run({ username: 'quan.tri', password: 'password1234', organizationName: 'Sở thử' }),
      ).rejects.toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
      await expect(
        createAdmin.run({ username: 'quan.tri', password: 'quan.tri-2026-abc', organizationName: 'Sở thử' }),
      ).rejects.toMatchObject({ code: 'PASSWORD_CONTAINS_USERNAME' });
      expect(await db.query(`SELECT id FROM users`)).toEqual([]);
      expect(await db.query(`SELECT id FROM organizations`)).toEqual([]);
    });

    it('creates the first admin in a department it creates, audited as the system', async () => {
      const r = await createAdmin.run({
        username: 'Quan.Tri',
        password: PASSWORD,
        displayName: 'Quản trị viên',
        organizationName: 'Sở Y tế Hà Nội (thử)',
      });
      expect(r.organizationCreated).toBe(true);
      const [user] = await db.query<{ username: string; roles: string[]; organization_id: string }>(
        `SELECT username, roles, organization_id FROM users WHERE id = $1`,
        [r.userId],
      );
      expect(user).toEqual({ username: 'quan.tri', roles: ['admin'], organization_id: r.organizationId });
      const [org] = await db.query<{ type: string; province_code: string }>(
        `SELECT type, province_code FROM organizations WHERE id = $1`,
        [r.organizationId],
      );
      expect(org).toEqual({ type: 'department', province_code: '01' });
      const audit = await db.query<{ action: string; actor_id: string | null }>(
        `SELECT action, actor_id FROM audit_events WHERE entity_id IN ($1, $2) ORDER BY id`,
        [r.organizationId, r.userId],
      );
      expect(audit).toEqual([
        { action: 'organization.created', actor_id: null },
        { action: 'user.created', actor_id: null },
      ]);
    });

    it('refuses a second admin unless --additional, then uses the only organisation', async () => {
      await expect(createAdmin.run({ username: 'quan.tri.hai', password: PASSWORD })).rejects.toThrow(
        'an administrator exists already',
      );
      const r = await createAdmin.run({ username: 'quan.tri.hai', password: PASSWORD, additional: true });
      expect(r.organizationCreated).toBe(false);
      await expect(
        createAdmin.run({ username: 'quan.tri.hai', password: PASSWORD, additional: true }),
      ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
    });

    it('reads the password from HAVEN_ADMIN_PASSWORD, else the first line of standard input', async () => {
      expect(await readAdminPassword({ HAVEN_ADMIN_PASSWORD: 'from the environment' })).toBe(
        'from the environment',
      );
      const stdin = new PassThrough();
      stdin.end('typed on standard input\nsecond line\n');
      expect(await readAdminPassword({}, stdin)).toBe('typed on standard input');
    });
  });

  describe('as a process', () => {
    let db: TestDatabase;
    const env = (): Record<string, string> => ({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      ...TEST_KEYS,
    });

    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('creates the first admin with the password from HAVEN_ADMIN_PASSWORD, who can then sign in', async () => {
      const child = spawnEntry('cli', { ...env(), HAVEN_ADMIN_PASSWORD: PASSWORD }, [
        'create-admin',
        'admin.dau.tien',
        '--organization-name',
        'Sở Lao động (thử)',
        '--province',
        '01',
      ]);
      expect(await child.exit).toBe(0);
      expect(child.stdout()).toMatch(/administrator created: [0-9a-f-]{36}/);
      expect(child.stdout() + child.stderr()).not.toContain(PASSWORD);
      const api = await startApi(testEnv(db.url));
      try {
        const s = await signIn(api, 'admin.dau.tien', PASSWORD);
        expect(s.user.roles).toEqual(['admin']);
      } finally {
        await api.close();
      }
    });

    it('reads the password from standard input, and exits 1 saying why when it is weak', async () => {
      const run = (input: string, args: string[]) =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const root = join(__dirname, '..', '..');
          const proc = spawn(
            process.execPath,
            ['-r', join(root, 'test/support/ts-register.js'), join(root, 'src/cli.ts'), ...args],
            { cwd: root, env: { PATH: process.env.PATH ?? '', ...env() }, stdio: ['pipe', 'pipe', 'pipe'] },
          );
          let out = '';
          let err = '';
          proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
          proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
          proc.on('exit', (code) => {
            resolve({ code, out, err });
          });
          proc.stdin.end(input);
        });
      const weak = await run('123456789012\n', ['create-admin', 'admin.thu.hai', '--additional']);
      expect(weak.code).toBe(1);
      expect(weak.err).toContain('PASSWORD_TOO_COMMON');
      const ok = await run(`${PASSWORD}\n`, ['create-admin', 'admin.thu.hai', '--additional']);
      expect(ok.code).toBe(0);
      const [row] = await db.query<{ roles: string[] }>(
        `SELECT roles FROM users WHERE username = 'admin.thu.hai'`,
      );
      expect(row?.roles).toEqual(['admin']);
    });
  });
});
