import { RunningApi, startApi, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { intakePayload } from '../factories/cases';
import type { ErrorBody } from '../support/error-body';

interface Problem {
  field: string;
  problems: string[];
}

const MINIMUM = intakePayload();

/** Issue 12 item 7: an unknown catalogue key is found in the same pass as every other problem. */
describe('catalogue keys are checked with the rest of the input', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: (u: TestUser) => Promise<string>;
  let operator: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    const org = await createOrganization(db, { name: 'Trung tâm danh mục' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: org.id });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const intake = async (body: unknown, lang = 'vi') =>
    call<ErrorBody>(api, 'POST', '/api/v1/cases', {
      token: await tokenOf(operator),
      body,
      headers: { 'accept-language': lang },
    });
  const countCases = async (): Promise<number> =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`))[0]!.n);

  it('names a missing sex, an unknown channel and an unknown violence type in one 400', async () => {
    const body = {
      channel: 'fax',
      survivor: {},
      incident: { violenceTypes: ['physical_assault', 'teleportation'] },
    };
    const res = await intake(body);
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const details = res.body.details as Problem[];
    expect(details.map((d) => d.field).sort()).toEqual([
      'channel',
      'incident.violenceTypes.1',
      'survivor.sex',
    ]);
    const channel = details.find((d) => d.field === 'channel')!;
    expect(channel.problems).toEqual([expect.stringContaining('danh mục channels') as string]);
    expect(channel.problems[0]).toContain('hotline');
    expect(channel.problems[0]).not.toContain('fax');
    const en = await intake(body, 'en');
    const type = (en.body.details as Problem[]).find((d) => d.field === 'incident.violenceTypes.1')!;
    expect(type.problems).toEqual([expect.stringContaining('not in the violence-types catalogue') as string]);
    expect(await countCases()).toBe(0);
  });

  it('names unknown keys deep in lists (consents.0.purpose) alongside a type problem', async () => {
    const res = await intake({
      ...MINIMUM,
      survivor: { sex: 'female', birthYear: 'nineteen' },
      consents: [{ purpose: 'gossip', method: 'verbal', givenBy: 'survivor' }],
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((res.body.details as Problem[]).map((d) => d.field).sort()).toEqual([
      'consents.0.purpose',
      'survivor.birthYear',
    ]);
  });

  it('answers UNKNOWN_CATALOGUE_KEY as before when an unknown key is the only problem', async () => {
    const res = await intake({ ...MINIMUM, channel: 'fax' });
    expect([res.status, res.body.code]).toEqual([400, 'UNKNOWN_CATALOGUE_KEY']);
    expect(res.body.message).toContain('channel');
    expect((res.body.details as { allowed: string[] }).allowed).toContain('hotline');
    expect(await countCases()).toBe(0);
  });

  it('lists every unknown key when they are the only problems', async () => {
    const res = await intake({
      ...MINIMUM,
      channel: 'fax',
      incident: { violenceTypes: ['teleportation'], placeType: 'moon' },
    });
    expect([res.status, res.body.code]).toEqual([400, 'UNKNOWN_CATALOGUE_KEY']);
    const fields = (res.body.details as { fields: { field: string; catalogue: string }[] }).fields;
    expect(fields.map((f) => [f.field, f.catalogue])).toEqual([
      ['channel', 'channels'],
      ['incident.placeType', 'place-types'],
      ['incident.violenceTypes.0', 'violence-types'],
    ]);
    expect(res.body.message).toContain('incident.placeType');
    expect(await countCases()).toBe(0);
  });
});
