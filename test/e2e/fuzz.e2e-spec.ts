import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startApi, testEnv, RunningApi } from '../support/app';
import { buildWorld, MANY_SIGN_INS, signInAs, World } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { intakePayload } from '../factories/cases';

/**
 * Malformed input never reaches a 500 and never changes a row (issue 12, security 3). Every
 * POST/PATCH/PUT route of the OpenAPI document gets generated malformed bodies (wrong types, nulls,
 * NUL characters, lone surrogates, over-long strings, impossible dates, deep or empty objects, the
 * route's own field names with such values) and every route with query parameters gets malformed query
 * strings, signed in as an admin, a counsellor, a supervisor and a centre manager, route parameters filled with a real case id where
 * one fits and random UUIDs otherwise. After each refused request (4xx) every table is compared with
 * its state before, except the rows a refusal writes by design: audit rows (a denied attempt is
 * audited), the lockout counters of users and the revocation of sessions and refresh tokens.
 * Seeded and bounded (FUZZ_SEED, FUZZ_RUNS) so that a failure can be replayed.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);

/** Routes left out, and why: each is covered by its own tests. */
const SKIPPED: Record<string, string> = {
  'POST /api/v1/auth/logout': 'ends the session the fuzzer signs in with (by design, whatever the body)',
  'POST /api/v1/auth/password': 'a wrong current password counts towards the lockout (by design)',
};

/** Columns a refusal may change by design, per table. */
const BY_DESIGN: Record<string, string[]> = {
  users: ['failed_logins', 'locked_until', 'updated_at'],
  sessions: ['last_used_at', 'revoked_at'],
  refresh_tokens: ['revoked_at', 'used_at'],
};
/** The admin and the counsellor of the brief, and the roles whose routes only they reach. */
const ROLES = ['admin', 'counsellor', 'supervisor', 'centre_manager'] as const;
const NOT_COMPARED = new Set(['audit_events', 'audit_chain_head', 'typeorm_migrations']);

interface Schema {
  $ref?: string;
  required?: string[];
  description?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
}

interface Operation {
  method: 'POST' | 'PATCH' | 'PUT' | 'GET';
  path: string;
  schema?: Schema;
  query: string[];
}

/** Plausible keys of Haven's catalogues and roles: a body must get past them to reach deeper code. */
const PLAUSIBLE = [
  'hotline',
  'female',
  'physical_assault',
  'counsellor',
  'spouse',
  'case_management',
  'verbal',
];

const malformedText = fc.constantFrom(
  ...PLAUSIBLE,
  '',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  'x'.repeat(10_001),
  '9999-99-99',
  '2026-02-30',
  '2026-13-01T25:61:00+99:99',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "'; DROP TABLE cases; --",
  '%00',
  '../../etc/passwd',
  'Hà Nội',
);
const malformedValue: fc.Arbitrary<unknown> = fc.oneof(
  malformedText,
  fc.constantFrom(null, true, false, 0, -1, 1e308, 2 ** 53, 1.5, {}, [], [null], [{}], {
    a: { b: { c: {} } },
  }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.array(malformedText, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('id', 'sex', 'channel', 'kind', 'at', 'x'), malformedText, { maxKeys: 3 }),
);

interface World2 {
  doc: OpenApi;
  ids: string[];
  /** Catalogue name → its keys (GET /api/v1/catalogues/:name). */
  catalogues: Map<string, string[]>;
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The catalogue a field takes its keys from: named in its description, or by its own name. */
function catalogueOf(name: string, s: Schema, w: World2): string[] | undefined {
  const named = /keys? of (?:the )?([a-z-]+)/i.exec(s.description ?? '')?.[1];
  const k = kebab(name);
  for (const c of [named, k, `${k}s`, `${k}es`, k.replace(/ies$/, 'y'), `${k.replace(/y$/, 'ie')}s`]) {
    if (c && w.catalogues.has(c)) return w.catalogues.get(c);
  }
  return undefined;
}

/**
 * A value the schema would accept at first sight (an enum member, a catalogue key, a real id, a day, a
 * number), required fields only, so that a body with one mutation gets past the first checks and reaches
 * the code behind them.
 */
function plausible(schema: Schema | undefined, w: World2, name = '', depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, w.doc);
  if (!s || depth > 4) return fc.constant(undefined);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.properties) {
    const required = new Set(s.required ?? []);
    const props = Object.entries(s.properties).map(([k, v]) => [k, plausible(v, w, k, depth + 1)] as const);
    // Required fields only: a minimal valid body, which one mutation then breaks in one place.
    return fc.record(Object.fromEntries(props.filter(([k]) => required.has(k))));
  }
  if (s.type === 'array') {
    return fc.array(plausible(s.items, w, name, depth + 1), { minLength: 1, maxLength: 2 });
  }
  const keys = s.type === 'string' || !s.type ? catalogueOf(name, s, w) : undefined;
  if (keys?.length) return fc.constantFrom(...keys);
  if (s.type === 'integer' || s.type === 'number') return fc.constantFrom(1, 2, 2026);
  if (s.type === 'boolean') return fc.boolean();
  if (s.format === 'uuid') return fc.constantFrom(...w.ids, randomUUID());
  if (s.format === 'date-time') return fc.constant('2026-03-01T10:00:00+07:00');
  if (s.format === 'date') return fc.constant('2026-03-01');
  if (s.format === 'email') return fc.constant('lan@example.org');
  return fc.constantFrom(...(s.example !== undefined ? [s.example] : []), ...PLAUSIBLE, 'Lan', '01');
}

function resolve(schema: Schema | undefined, doc: OpenApi): Schema | undefined {
  if (schema?.$ref) return doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''];
  if (schema?.allOf?.length === 1) return resolve(schema.allOf[0], doc);
  return schema;
}

/**
 * A plausible body with one change: a field (at any depth) replaced by a malformed value or removed, or
 * a field of the route's schema (optional ones too) added with a malformed value.
 */
function bodyFor(op: Operation, w: World2): fc.Arbitrary<unknown> {
  const fields = Object.keys(resolve(op.schema, w.doc)?.properties ?? {});
  const mutated = fc
    .tuple(plausible(op.schema, w), fc.nat(), malformedValue, fc.constantFrom('replace', 'remove', 'add'))
    .map(([body, n, value, how]) => {
      if (how === 'add' && fields.length && body && typeof body === 'object') {
        (body as Record<string, unknown>)[fields[n % fields.length] ?? 'x'] = value;
      } else {
        mutate(body, n, value, how === 'remove');
      }
      return body;
    });
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
    { arbitrary: fc.constantFrom(null, [], 'text', 42, {}), weight: 1 },
  );
}

function mutate(body: unknown, n: number, value: unknown, remove: boolean): void {
  const slots: [Record<string, unknown>, string][] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, k]);
        walk(child);
      }
    }
  };
  walk(body);
  const slot = slots[n % Math.max(1, slots.length)];
  if (!slot) return;
  if (remove) Reflect.deleteProperty(slot[0], slot[1]);
  else slot[0][slot[1]] = value;
}

function queryFor(op: Operation): fc.Arbitrary<string> {
  const names = op.query.length ? op.query : ['q'];
  return fc
    .array(fc.tuple(fc.constantFrom(...names), malformedText), { minLength: 1, maxLength: 3 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeQuery(v)}`).join('&'));
}

/** Percent-encoding as a client would send it; a lone surrogate as its WTF-8 bytes (not valid UTF-8). */
function encodeQuery(v: string): string {
  try {
    return encodeURIComponent(v).replace(/%25/g, '%');
  } catch {
    return '%ED%A0%80';
  }
}

describe('fuzzing every writing route with malformed input', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let world: World;
  let operations: Operation[];
  let caseId: string;
  const tokens: Record<string, string> = {};
  let w: World2;
  let snapshotSql: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, MANY_SIGN_INS));
    world = await buildWorld(db);
    for (const role of ROLES) tokens[role] = (await signInAs(api, world.users[role].A)).accessToken;
    const created = await fetch(`${api.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.counsellor}` },
      body: JSON.stringify(intakePayload()),
    });
    caseId = ((await created.json()) as { id: string }).id;

    const doc = (await (await fetch(`${api.url}/api/docs-json`)).json()) as OpenApi;
    operations = operationsOf(doc);
    const catalogues = new Map<string, string[]>();
    const auth = { headers: { authorization: `Bearer ${tokens.counsellor}` } };
    const names = (await (await fetch(`${api.url}/api/v1/catalogues`, auth)).json()) as { name: string }[];
    for (const { name } of names) {
      const c = (await (await fetch(`${api.url}/api/v1/catalogues/${name}`, auth)).json()) as {
        items?: { key: string }[];
      };
      catalogues.set(
        name,
        (c.items ?? []).map((i) => i.key),
      );
    }
    w = {
      doc,
      ids: [caseId, world.orgA.id, world.users.counsellor.A.id, world.users.supervisor.A.id],
      catalogues,
    };

    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    snapshotSql = tables
      .map((t) => t.table_name)
      .filter((t) => !NOT_COMPARED.has(t))
      .map((t) => {
        const drop = (BY_DESIGN[t] ?? []).map((c) => `'${c}'`).join(', ');
        const row = drop ? `to_jsonb(x) - ARRAY[${drop}]::text[]` : 'to_jsonb(x)';
        return `SELECT '${t}' AS t, count(*)::int AS n, coalesce(md5(string_agg(md5((${row})::text), '' ORDER BY md5((${row})::text))), '') AS h FROM "${t}" x`;
      })
      .join(' UNION ALL ');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const snapshot = async (): Promise<Map<string, string>> =>
    new Map(
      (await db.query<{ t: string; n: number; h: string }>(snapshotSql)).map((r) => [r.t, `${r.n}:${r.h}`]),
    );

  const fillPath = (path: string, pick: number): string =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'provinceCode') return '01';
      if (pick % 3 === 2) return encodeURIComponent(['not-a-uuid', '\u0000', '%', '9999'][pick % 4] ?? 'x');
      return /case/i.test(path) && (name === 'id' || name === 'caseId') && pick % 3 === 0
        ? caseId
        : randomUUID();
    });

  it('reads the writing routes from the OpenAPI document', () => {
    const writing = operations.filter((o) => o.method !== 'GET');
    expect(writing.length).toBeGreaterThan(40);
    expect(writing.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/cases', 'POST /api/v1/auth/refresh', 'POST /api/v1/users']),
    );
  });

  it('answers every malformed request with a coded 4xx and changes no row', async () => {
    const failures: string[] = [];
    let before = await snapshot();
    let requests = 0;
    const statusCounts: Record<string, number> = {};
    for (const op of operations) {
      const route = `${op.method} ${op.path}`;
      if (SKIPPED[route]) continue;
      const cases = fc.sample(
        fc.tuple(
          op.method === 'GET' ? fc.constant(undefined) : bodyFor(op, w),
          op.method === 'GET' ? queryFor(op) : fc.option(queryFor(op), { nil: undefined, freq: 2 }),
          fc.constantFrom(...ROLES),
          fc.nat(),
        ),
        { seed: SEED + hash(route), numRuns: RUNS },
      );
      for (const [body, query, who, pick] of cases) {
        const path = fillPath(op.path, pick) + (query ? `?${query}` : '');
        const res = await fetch(`${api.url}${path}`, {
          method: op.method,
          headers: {
            authorization: `Bearer ${tokens[who]}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        requests++;
        statusCounts[`${res.status}`] = (statusCounts[`${res.status}`] ?? 0) + 1;
        const text = await res.text();
        const what = `${who} ${op.method} ${path.slice(0, 160)} ${JSON.stringify(body)?.slice(0, 200)}`;
        if (res.status >= 500) failures.push(`${res.status} ${text.slice(0, 120)} ← ${what}`);
        if (res.status >= 400 && res.status < 500 && !/"code":"[A-Z_]+"/.test(text)) {
          failures.push(`${res.status} without a code ← ${what}`);
        }
        const after = await snapshot();
        if (res.status >= 400) {
          const changed = [...after].filter(([t, v]) => before.get(t) !== v).map(([t]) => t);
          if (changed.length) failures.push(`${res.status} but changed ${changed.join(', ')} ← ${what}`);
        }
        before = after;
      }
    }
    expect(requests).toBeGreaterThan(100);
    // Most malformed requests must reach validation, not only the access checks.
    expect(statusCounts['400'] ?? 0).toBeGreaterThan(requests / 2);
    expect(failures).toEqual([]);
  });
});

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

function operationsOf(doc: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const m = method.toUpperCase();
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (!['POST', 'PATCH', 'PUT'].includes(m) && !(m === 'GET' && query.length)) continue;
      out.push({
        method: m as Operation['method'],
        path,
        schema: op.requestBody?.content?.['application/json']?.schema,
        query,
      });
    }
  }
  return out;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}
