import { AccessFacts, AccessUser } from './access-record';
import { AccessPolicy } from './policy';
import { ResourceDescriptor } from './resource-descriptor';
import { AccessRulesError, parseAccessRules } from './rules';
import { NamedParams, PositionalParams } from '../../../platform/database/sql-params';

const ORG = '11111111-1111-4111-8111-111111111111';
const ME = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const SOMEONE = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const NOW = new Date('2026-03-01T12:00:00Z');
const facts = (f: Partial<AccessFacts> = {}): AccessFacts => ({
  now: NOW,
  breakGlass: false,
  namedOnRecord: false,
  partnerOfRecord: false,
  ...f,
});
const user = (...roles: string[]): AccessUser => ({ id: ME, roles, organizationId: ORG });

const RULES = `
actions:
  thing.read:
    - [hasRole(counsellor), isAssignee]
    - [isSupervisor, notRestricted]
    - [isSupervisor, isNamedOnRestrictedCase]
    - [hasRole(counsellor), inSameOrganization, notRestricted, hasBreakGlass]
  thing.update:
    - [hasRole(counsellor), isAssignee, caseOpen]
  thing.delete: []
  thing.mixed:
    - [isAssignee, hasRole(admin)]
    - [inSameOrganization]
  thing.create:
    - [hasRole(counsellor)]
  memo.read:
    - [hasRole(admin)]
  memo.edit:
    - [isOwner]
  other.read:
    - [isOwner]
pending: [other]
`;

const THING: ResourceDescriptor = {
  resource: 'thing',
  table: 'things',
  alias: 't',
  columns: {
    id: 'id',
    caseId: 'id',
    organizationId: 'organization_id',
    assigneeId: 'assignee_id',
    status: 'status',
    restricted: 'restricted',
  },
  namedUsers: { table: 'thing_names', keyColumn: 'thing_id', userColumn: 'user_id' },
};
const MEMO: ResourceDescriptor = {
  resource: 'memo',
  table: 'memos',
  alias: 'm',
  columns: { ownerId: 'owner_id' },
};

function policy(): AccessPolicy {
  const p = new AccessPolicy(
    parseAccessRules('rules.yaml', RULES, { roles: ['counsellor', 'supervisor', 'admin'] }),
  );
  p.register(THING);
  p.register(MEMO);
  return p;
}

const assigned = {
  id: SOMEONE,
  caseId: SOMEONE,
  organizationId: ORG,
  assigneeId: ME,
  status: 'intake',
  restricted: false,
};

describe('AccessPolicy.register', () => {
  it('refuses a resource whose actions need a field it does not describe, naming file, action and field', () => {
    const p = new AccessPolicy(
      parseAccessRules('rules.yaml', RULES, { roles: ['counsellor', 'supervisor', 'admin'] }),
    );
    const { status: _status, ...columns } = THING.columns;
    expect(() => {
      p.register({ ...THING, columns });
    }).toThrow(
      new AccessRulesError(
        "rules.yaml: action 'thing.update', set 1: caseOpen needs the field 'status', which resource 'thing' (table things) does not describe",
      ),
    );
  });

  it('refuses a resource whose actions need a relation it does not describe', () => {
    const p = new AccessPolicy(
      parseAccessRules('rules.yaml', RULES, { roles: ['counsellor', 'supervisor', 'admin'] }),
    );
    expect(() => {
      p.register({ ...THING, namedUsers: undefined });
    }).toThrow("action 'thing.read', set 3: isNamedOnRestrictedCase needs the relation 'namedUsers'");
  });

  it('refuses a resource registered twice', () => {
    const p = policy();
    expect(() => {
      p.register(MEMO);
    }).toThrow("access resource 'memo' is registered twice");
  });

  it('refuses names that are not plain identifiers, since they are written into SQL', () => {
    const p = new AccessPolicy(
      parseAccessRules('rules.yaml', RULES, { roles: ['counsellor', 'supervisor', 'admin'] }),
    );
    expect(() => {
      p.register({ ...MEMO, columns: { ownerId: 'owner_id; DROP TABLE x' } });
    }).toThrow('bare lower-case column name');
    expect(() => {
      p.register({ ...MEMO, alias: 'm m' });
    }).toThrow('alias is malformed');
    expect(() => {
      p.register({ ...MEMO, columns: { owner: 'owner_id' } as never });
    }).toThrow("unknown field 'owner'");
  });

  it('lists the resources actions name but no module registered', () => {
    expect(policy().unregisteredResources()).toEqual(['other']);
    expect(policy().registeredResources()).toEqual(['memo', 'thing']);
  });
});

describe('AccessPolicy.decide', () => {
  it('allows when any set passes', () => {
    expect(policy().decide(user('counsellor'), 'thing.read', assigned, facts())).toBe('allow');
    expect(
      policy().decide(user('supervisor'), 'thing.read', { ...assigned, assigneeId: null }, facts()),
    ).toBe('allow');
  });

  it('hides a record the user may not read (404)', () => {
    const notMine = { ...assigned, assigneeId: SOMEONE };
    expect(policy().decide(user('counsellor'), 'thing.read', notMine, facts())).toBe('deny_hidden');
    expect(policy().decide(user('counsellor'), 'thing.update', notMine, facts())).toBe('deny_hidden');
  });

  it('refuses visibly what the user may read but not do (403)', () => {
    const closed = { ...assigned, status: 'closed' };
    expect(policy().decide(user('counsellor'), 'thing.update', closed, facts())).toBe('deny_visible');
    expect(policy().decide(user('counsellor'), 'thing.delete', assigned, facts())).toBe('deny_visible');
  });

  it('never allows an action with no sets', () => {
    expect(
      policy().decide(user('counsellor', 'supervisor', 'admin'), 'thing.delete', assigned, facts()),
    ).not.toBe('allow');
  });

  it('uses the facts: break-glass and names on a restricted record', () => {
    const colleagues = { ...assigned, assigneeId: SOMEONE };
    expect(policy().decide(user('counsellor'), 'thing.read', colleagues, facts({ breakGlass: true }))).toBe(
      'allow',
    );
    const restricted = { ...colleagues, restricted: true };
    expect(policy().decide(user('counsellor'), 'thing.read', restricted, facts({ breakGlass: true }))).toBe(
      'deny_hidden',
    );
    expect(policy().decide(user('supervisor'), 'thing.read', restricted, facts())).toBe('deny_hidden');
    expect(
      policy().decide(user('supervisor'), 'thing.read', restricted, facts({ namedOnRecord: true })),
    ).toBe('allow');
  });

  it('refuses visibly an action on no record (creating one), and without a read rule', () => {
    expect(policy().decide(user('counsellor'), 'thing.create', undefined, facts())).toBe('allow');
    expect(policy().decide(user('supervisor'), 'thing.create', undefined, facts())).toBe('deny_visible');
    // memo.read is role-only: an admin reads every memo, so a refused edit is visible
    expect(policy().decide(user('admin'), 'memo.edit', { ownerId: SOMEONE }, facts())).toBe('deny_visible');
    expect(policy().decide(user('counsellor'), 'memo.edit', { ownerId: SOMEONE }, facts())).toBe(
      'deny_hidden',
    );
  });

  it('throws on an action missing from the rules or a resource not registered', () => {
    expect(() => policy().decide(user('counsellor'), 'thing.fly', assigned, facts())).toThrow(
      "access action 'thing.fly' is not in rules.yaml",
    );
    expect(() => policy().decide(user('counsellor'), 'other.read', {}, facts())).toThrow(
      "access resource 'other' is not registered",
    );
  });
});

describe('AccessPolicy.factsNeeded', () => {
  it('asks for a fact only when the rest of its set already holds', () => {
    const colleagues = { ...assigned, assigneeId: SOMEONE };
    expect([...policy().factsNeeded(user('counsellor'), 'thing.read', colleagues, NOW)]).toEqual([
      'breakGlass',
    ]);
    expect([...policy().factsNeeded(user('hotline_operator'), 'thing.read', colleagues, NOW)]).toEqual([]);
    expect([
      ...policy().factsNeeded(user('supervisor'), 'thing.read', { ...colleagues, restricted: true }, NOW),
    ]).toEqual(['namedOnRecord']);
  });
});

describe('AccessPolicy.compile', () => {
  it('compiles the sets a user can meet, as OR of ANDs, with deduplicated parameters', () => {
    const params = new PositionalParams();
    const sql = policy().compile(user('counsellor', 'supervisor'), 'thing.read', params);
    expect(sql).toBe(
      '(t.assignee_id = $1 OR (t.organization_id = $2 AND t.restricted = false)' +
        ' OR (t.organization_id = $2 AND (t.restricted = true AND EXISTS (SELECT 1 FROM thing_names access_named' +
        ' WHERE access_named.thing_id = t.id AND access_named.user_id = $1)))' +
        ' OR (t.organization_id = $2 AND t.restricted = false AND EXISTS (SELECT 1 FROM break_glass_grants access_bg' +
        ' WHERE access_bg.user_id = $1 AND access_bg.case_id = t.id AND access_bg.organization_id = t.organization_id' +
        ' AND access_bg.expires_at > now() AND access_bg.revoked_at IS NULL)))',
    );
    expect(params.values).toEqual([ME, ORG]);
  });

  it('leaves out sets the user cannot meet, and is FALSE when none is left', () => {
    const params = new PositionalParams();
    expect(policy().compile(user('admin'), 'thing.read', params)).toBe('FALSE');
    expect(policy().compile(user('counsellor'), 'thing.delete', params)).toBe('FALSE');
    expect(params.values).toEqual([]);
  });

  it('leaves no value behind of a set dropped part-way', () => {
    const params = new PositionalParams();
    expect(policy().compile(user('counsellor'), 'thing.mixed', params)).toBe('t.organization_id = $1');
    expect(params.values).toEqual([ORG]);
  });

  it('is TRUE when a set holds for every row', () => {
    expect(policy().compile(user('admin'), 'memo.read', new PositionalParams())).toBe('TRUE');
  });

  it('uses another alias and numbering when asked', () => {
    const params = new PositionalParams(3);
    expect(policy().compile(user('counsellor'), 'thing.update', params, 'x')).toBe(
      "(x.assignee_id = $3 AND x.status NOT IN ('closed', 'merged'))",
    );
    expect(() => policy().compile(user('counsellor'), 'thing.update', params, 'x; --')).toThrow(
      'plain identifier',
    );
  });

  it('writes :named placeholders for the QueryBuilder', () => {
    const params = new NamedParams('acc');
    expect(policy().compile(user('counsellor'), 'thing.update', params)).toBe(
      "(t.assignee_id = :acc_0 AND t.status NOT IN ('closed', 'merged'))",
    );
    expect(params.values).toEqual({ acc_0: ME });
  });
});
