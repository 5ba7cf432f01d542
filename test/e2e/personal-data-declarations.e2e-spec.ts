import { execFileSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { join } from 'node:path';
import { RetentionService } from '../../src/modules/followups';
import { CryptoService, personalDataDeclarations } from '../../src/platform/crypto';
import { assignCase, createCase, IntakeOverrides } from '../factories/cases';
import { followUpPayload } from '../factories/follow-ups';
import { RunningApi, startApi, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { ErrorBody } from '../support/error-body';

/**
 * Personal data declared once (issue 13): for every field of every personal-data declaration
 * (src/modules/<module>/*.personal-data.ts), a distinct marker is written through the API; `pg_dump`
 * shows none of them, after the insert and after the update; and retention's erasure blanks every
 * declared column of the records tied to the case. A declared field without an entry in PLANTING fails
 * the first test, naming it: a new protected field cannot be forgotten here.
 */

// Every declaration of every module, loaded the way the application loads them.
const ROOT = join(__dirname, '..', '..');
for (const file of globSync('src/modules/**/*.personal-data.ts', { cwd: ROOT })) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(ROOT, file));
}

/** A value to write and what to look for in the dump (null: too short to search, e.g. a year). */
interface Marker {
  value: string | number;
  find: string | null;
}

interface Ctx {
  caseId: string;
  /** One JSON request as a user; fails the test unless the answer is 2xx. */
  ok: (user: TestUser, method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;
  users: Record<'operator' | 'counsellor' | 'supervisor' | 'supervisor2', TestUser>;
}

/** How the API writes one declared field ("table.column"). */
type Planting =
  | {
      /** The marker written at intake (merged into the one intake), or after it by `write`. */
      insert: Marker;
      intake?: (v: Marker['value']) => IntakeOverrides;
      write?: (ctx: Ctx, v: Marker['value']) => Promise<void>;
      /** The case file's PATCH fragment that changes the field, where the API changes it. */
      update?: { marker: Marker; patch: (v: Marker['value']) => Record<string, unknown> };
    }
  | { notWritable: string };

const SUFFIX = Math.random().toString(36).slice(2, 8).replace(/\d/g, 'q');
/** A distinct text marker per field: letters only, so it is searchable as-is in the dump. */
const mark = (name: string): Marker => {
  const value = `mkr${name.toLowerCase().replace(/[^a-z]/g, '')}${SUFFIX}`;
  return { value, find: value };
};
const str = (v: Marker['value']): string => String(v);
/** What the stored plaintext contains once the marker is written (phones are stored as E.164). */
const seen = (m: Marker): string => m.find ?? String(m.value);

const PHONE = { value: '0912 739 468', find: '912739468' };
const PHONE2 = { value: '0913 846 257', find: '913846257' };

const CLOSURE_REASON = mark('closurereason');
const CLOSURE_DECISION = mark('closuredecision');

/** Keyed "table.column" (the encryption context), so an entry survives a rename of the API field. */
const PLANTING: Record<string, Planting> = {
  'survivors.full_name_enc': {
    insert: mark('fullname'),
    intake: (v) => ({ survivor: { fullName: str(v) } }),
    update: { marker: mark('fullnametwo'), patch: (v) => ({ survivor: { fullName: str(v) } }) },
  },
  'survivors.phones_enc': {
    insert: PHONE,
    intake: (v) => ({ survivor: { phones: [str(v)] } }),
    update: { marker: PHONE2, patch: (v) => ({ survivor: { phones: [str(v)] } }) },
  },
  'survivors.birth_year_enc': {
    insert: { value: 1931, find: null },
    intake: (v) => ({ survivor: { birthYear: v } }),
    update: { marker: { value: 1932, find: null }, patch: (v) => ({ survivor: { birthYear: v } }) },
  },
  'survivors.date_of_birth_enc': {
    insert: { value: '1931-07-29', find: '1931-07-29' },
    intake: (v) => ({ survivor: { dateOfBirth: str(v) } }),
    update: {
      marker: { value: '1932-08-27', find: '1932-08-27' },
      patch: (v) => ({ survivor: { dateOfBirth: str(v) } }),
    },
  },
  'survivors.national_id_enc': {
    insert: { value: '001131739468', find: '001131739468' },
    intake: (v) => ({ survivor: { nationalId: str(v) } }),
    update: {
      marker: { value: '001131846257', find: '001131846257' },
      patch: (v) => ({ survivor: { nationalId: str(v) } }),
    },
  },
  'survivors.address_detail_enc': {
    insert: mark('address'),
    intake: (v) => ({ survivor: { addressDetail: str(v) } }),
    update: { marker: mark('addresstwo'), patch: (v) => ({ survivor: { addressDetail: str(v) } }) },
  },
  'survivors.guardian_enc': {
    insert: mark('guardian'),
    intake: (v) => ({ survivor: { guardian: { fullName: str(v), phone: '0933 618 204' } } }),
    update: {
      marker: mark('guardiantwo'),
      patch: (v) => ({ survivor: { guardian: { fullName: str(v), phone: '0933 618 205' } } }),
    },
  },
  'survivors.safe_times_enc': {
    insert: mark('safetimes'),
    intake: (v) => ({ survivor: { safeContact: { canCall: true, safeTimes: str(v) } } }),
    update: {
      marker: mark('safetimestwo'),
      patch: (v) => ({ survivor: { safeContact: { canCall: true, safeTimes: str(v) } } }),
    },
  },
  'survivors.code_word_enc': {
    insert: mark('codeword'),
    intake: (v) => ({ survivor: { safeContact: { canCall: true, codeWord: str(v) } } }),
    update: {
      marker: mark('codewordtwo'),
      patch: (v) => ({ survivor: { safeContact: { canCall: true, codeWord: str(v) } } }),
    },
  },
  'survivors.safe_contact_notes_enc': {
    notWritable: 'no route of the API takes safe-contact notes (SafeContactDto has no notes field)',
  },
  'reporters.full_name_enc': {
    insert: mark('reportername'),
    intake: (v) => ({ reporter: { relationship: 'neighbour', fullName: str(v) } }),
    update: {
      marker: mark('reporternametwo'),
      patch: (v) => ({ reporter: { relationship: 'neighbour', fullName: str(v) } }),
    },
  },
  'reporters.phone_enc': {
    insert: { value: '0911 527 384', find: '911527384' },
    intake: (v) => ({ reporter: { relationship: 'neighbour', phone: str(v) } }),
    update: {
      marker: { value: '0911 527 385', find: '911527385' },
      patch: (v) => ({ reporter: { relationship: 'neighbour', phone: str(v) } }),
    },
  },
  'risk_assessments.answers_enc': {
    // Answers are catalogue keys and booleans: no free text to mark; the column check still applies.
    insert: { value: 'threats_to_kill', find: null },
    intake: (v) => ({ risk: { answers: { [str(v)]: true } } }),
  },
  'notes.text_enc': {
    insert: mark('note'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/notes`, { text: str(v) });
    },
  },
  'consents.withdrawal_reason_enc': {
    insert: mark('withdrawal'),
    write: async (ctx, v) => {
      const given = await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/consents`, {
        purpose: 'referral',
        method: 'verbal',
        givenBy: 'survivor',
      });
      await ctx.ok(
        ctx.users.counsellor,
        'POST',
        `/api/v1/cases/${ctx.caseId}/consents/${String(given.id)}/withdraw`,
        { reasonText: str(v) },
      );
    },
  },
  'protection_measures.note_enc': {
    insert: mark('measure'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/protection-measures`, {
        type: 'no_contact_order_court',
        // Ended: a measure in force would block the closure retention needs.
        startsAt: new Date(Date.now() - 60 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        note: str(v),
      });
    },
  },
  'case_transitions.reason_text_enc': {
    insert: mark('transition'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/transitions`, {
        to: 'assessment',
        reasonText: str(v),
      });
    },
  },
  // The follow-ups module's notes (waiting for its declaration: entries of undeclared tables are skipped).
  'follow_ups.note_enc': {
    insert: mark('followupnote'),
    write: async (ctx, v) => {
      const path = `/api/v1/cases/${ctx.caseId}/follow-ups`;
      await ctx.ok(ctx.users.counsellor, 'POST', path, followUpPayload({ note: str(v) }));
    },
  },
  // The case row keeps the pending closure's text until it is decided; the request keeps both texts.
  'cases.closure_reason_text_enc': {
    insert: CLOSURE_REASON,
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/transitions`, {
        to: 'closed',
        reasonCode: 'goals_met',
        reasonText: str(v),
      });
    },
  },
  // Written by the closure request above.
  'closure_requests.reason_text_enc': { insert: CLOSURE_REASON },
  // The decision clears the case row's pending text (checked above, before it).
  'closure_requests.decision_reason_enc': {
    insert: CLOSURE_DECISION,
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.supervisor2, 'POST', `/api/v1/cases/${ctx.caseId}/closure/reject`, {
        reasonText: str(v),
      });
    },
  },
};

/** Every declared field as "table.column", with its declaration's API name. */
function declaredFields(): { key: string; table: string; column: string; name: string }[] {
  return personalDataDeclarations().flatMap((d) =>
    Object.entries(d.fields).map(([name, f]) => ({
      key: `${d.table}.${f.column}`,
      table: d.table,
      column: f.column,
      name,
    })),
  );
}

function merge(a: IntakeOverrides, b: IntakeOverrides): IntakeOverrides {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prior = out[k];
    out[k] =
      prior && typeof prior === 'object' && v && typeof v === 'object' && !Array.isArray(v)
        ? merge(prior, v)
        : v;
  }
  return out;
}

describe('personal data declared once: markers never reach pg_dump, retention blanks them', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let crypto: CryptoService;
  let tokenOf: ReturnType<typeof tokenCache>;
  let ctx: Ctx;

  const dump = (): string =>
    execFileSync('pg_dump', ['--data-only', '--no-owner', '--dbname', db.url], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  /** The planted entries, in PLANTING's order. */
  const planted = () => Object.entries(PLANTING).flatMap(([key, p]) => ('insert' in p ? [{ key, p }] : []));

  /** The stored column of a field on the case's records, decrypted (one value per row). */
  const stored = async (key: string): Promise<{ raw: string; plain: string }[]> => {
    const [table, column] = key.split('.') as [string, string];
    const decl = personalDataDeclarations().find((d) => d.table === table);
    if (!decl?.caseColumn) throw new Error(`${table} is not tied to a case: no way to find its rows`);
    const rows = await db.query<Record<string, string | null>>(
      `SELECT ${column} AS v FROM ${table} WHERE ${decl.caseColumn} = $1 AND ${column} IS NOT NULL`,
      [ctx.caseId],
    );
    return rows.map((r) => ({ raw: r.v!, plain: crypto.decrypt(r.v!, key) }));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS }));
    crypto = api.app.get(CryptoService);
    tokenOf = tokenCache(api);
    const org = await createOrganization(db, { name: 'Trung tâm dấu vết' });
    const user = (roles: string[]) => createUser(db, { roles, organizationId: org.id });
    const users = {
      operator: await user(['hotline_operator']),
      counsellor: await user(['counsellor']),
      supervisor: await user(['supervisor']),
      supervisor2: await user(['supervisor']),
    };
    ctx = {
      caseId: '',
      users,
      ok: async (u, method, path, body) => {
        const res = await call<Record<string, unknown> & ErrorBody>(api, method, path, {
          token: await tokenOf(u),
          body,
        });
        if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status} ${res.body.code}`);
        return res.body;
      },
    };
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('has a planting entry for every declared personal-data field', () => {
    const fields = declaredFields();
    expect(fields.length).toBeGreaterThan(0);
    const missing = fields
      .filter((f) => !(f.key in PLANTING))
      .map((f) => `${f.key} (field ${f.name} of the ${f.table} declaration)`);
    if (missing.length > 0) {
      throw new Error(
        `No planting entry in test/e2e/personal-data-declarations.e2e-spec.ts PLANTING for:\n  ` +
          `${missing.join('\n  ')}\nSay how the API writes each one (or why it cannot).`,
      );
    }
  });

  it('writes a marker in every declared field through the API; pg_dump shows none of them', async () => {
    const declared = new Set(declaredFields().map((f) => f.key));
    const entries = planted().filter((e) => declared.has(e.key));
    let intake: IntakeOverrides = {};
    for (const { p } of entries) if (p.intake) intake = merge(intake, p.intake(p.insert.value));
    type Entry = ReturnType<typeof planted>[number];
    const done: Entry[] = [];
    // Each field holds its marker, encrypted (else the dump's silence would prove nothing), and the dump
    // taken right after its write shows none of the markers written so far.
    const check = async (batch: Entry[]): Promise<void> => {
      for (const { key, p } of batch) {
        const values = await stored(key);
        expect({ key, written: values.some((v) => v.plain.includes(seen(p.insert))) }).toEqual({
          key,
          written: true,
        });
        for (const v of values)
          expect({ key, raw: v.raw.includes(seen(p.insert)) }).toEqual({ key, raw: false });
      }
      done.push(...batch);
      const text = dump();
      for (const { key, p } of done) {
        if (p.insert.find)
          expect({ key, inDump: text.includes(p.insert.find) }).toEqual({ key, inDump: false });
      }
    };
    ctx.caseId = (await createCase(api, await tokenOf(ctx.users.operator), intake)).id;
    await assignCase(api, await tokenOf(ctx.users.supervisor), ctx.caseId, ctx.users.counsellor.id);
    await check(entries.filter((e) => e.p.intake));
    for (const e of entries) {
      if (!e.p.write) continue;
      await e.p.write(ctx, e.p.insert.value);
      await check([e]);
    }
    // Fields written by another field's step (the closure request's own text).
    await check(entries.filter((e) => !e.p.intake && !e.p.write));
  });

  it('changes every field the API updates, and pg_dump shows none of the new markers', async () => {
    const declared = new Set(declaredFields().map((f) => f.key));
    const updates = planted().filter((e) => declared.has(e.key) && e.p.update);
    let patch: Record<string, unknown> = {};
    for (const { p } of updates) patch = merge(patch, p.update!.patch(p.update!.marker.value));
    const file = await ctx.ok(ctx.users.counsellor, 'GET', `/api/v1/cases/${ctx.caseId}`);
    await ctx.ok(ctx.users.counsellor, 'PATCH', `/api/v1/cases/${ctx.caseId}`, {
      version: file.version,
      ...patch,
    });
    for (const { key, p } of updates) {
      const values = await stored(key);
      const marker = seen(p.update!.marker);
      expect({ key, written: values.some((v) => v.plain.includes(marker)) }).toEqual({ key, written: true });
      for (const v of values) expect({ key, raw: v.raw.includes(marker) }).toEqual({ key, raw: false });
    }
    const text = dump();
    for (const { key, p } of updates) {
      const find = p.update!.marker.find;
      if (find) expect({ key, inDump: text.includes(find) }).toEqual({ key, inDump: false });
    }
  });

  it("retention's erasure blanks every declared column of the records tied to the case", async () => {
    const path = `/api/v1/cases/${ctx.caseId}`;
    await ctx.ok(ctx.users.counsellor, 'POST', `${path}/transitions`, {
      to: 'closed',
      reasonCode: 'goals_met',
    });
    await ctx.ok(ctx.users.supervisor2, 'POST', `${path}/closure/approve`, {});
    // The case closed long ago (as retention.e2e-spec.ts sets it up).
    await db.query(`UPDATE cases SET closed_at = now() - interval '20000 days' WHERE id = $1`, [ctx.caseId]);
    const result = await api.app.get(RetentionService).run();
    expect(result.cases.map((c) => c.id)).toContain(ctx.caseId);

    for (const decl of personalDataDeclarations().filter((d) => d.caseColumn)) {
      const rows = await db.query(`SELECT * FROM ${decl.table} WHERE ${decl.caseColumn!} = $1`, [ctx.caseId]);
      for (const row of rows) {
        for (const [column, erased] of Object.entries(decl.erasure(crypto))) {
          const value = row[column];
          const context = `${decl.table}.${column}`;
          const blank =
            erased === null
              ? value === null
              : Array.isArray(erased)
                ? value === null || (Array.isArray(value) && value.length === 0)
                : typeof value === 'string' &&
                  crypto.decrypt(value, context) === crypto.decrypt(erased, context);
          expect({ column: context, blank }).toEqual({ column: context, blank: true });
        }
      }
    }
  });
});
