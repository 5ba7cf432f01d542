import { AccessFacts, AccessRecord, AccessUser } from './access-record';
import { ConditionArg, CONDITIONS, FALSE_SQL, SqlInput, TRUE_SQL } from './conditions';
import { ResourceDescriptor } from './resource-descriptor';
import { PositionalParams } from '../../../platform/database/sql-params';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '22222222-2222-4222-8222-222222222222';
const ME = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const SOMEONE = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const NOW = new Date('2026-03-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

const user = (roles: string[] = ['counsellor']): AccessUser => ({ id: ME, roles, organizationId: ORG });
const facts = (f: Partial<AccessFacts> = {}): AccessFacts => ({
  now: NOW,
  breakGlass: false,
  namedOnRecord: false,
  partnerOfRecord: false,
  ...f,
});

const descriptor: ResourceDescriptor = {
  resource: 'thing',
  table: 'things',
  alias: 't',
  columns: {
    id: 'id',
    caseId: 'case_id',
    organizationId: 'organization_id',
    ownerId: 'owner_id',
    assigneeId: 'assignee_id',
    createdBy: 'created_by',
    createdAt: 'created_at',
    status: 'status',
    restricted: 'restricted',
    recipientOrganizationId: 'recipient_organization_id',
  },
  namedUsers: { table: 'thing_names', keyColumn: 'thing_id', userColumn: 'user_id' },
  partnerOrganizations: {
    table: 'thing_partners',
    keyColumn: 'thing_id',
    organizationColumn: 'organization_id',
  },
};

function cond(name: string) {
  const def = CONDITIONS.get(name);
  if (!def) throw new Error(`no condition ${name}`);
  return def;
}

function test(
  name: string,
  record: AccessRecord,
  opts: { arg?: ConditionArg; roles?: string[]; facts?: Partial<AccessFacts> } = {},
): boolean {
  return cond(name).test({ user: user(opts.roles), record, facts: facts(opts.facts) }, opts.arg);
}

function sql(name: string, opts: { arg?: ConditionArg; roles?: string[] } = {}) {
  const params = new PositionalParams();
  const input: SqlInput = {
    user: user(opts.roles),
    descriptor,
    alias: 't',
    params,
    col: (f) => `t.${descriptor.columns[f] ?? 'missing'}`,
  };
  return { sql: cond(name).sql(input, opts.arg), params: params.values };
}

describe('access conditions', () => {
  it('has every condition the rule file documents', () => {
    expect([...CONDITIONS.keys()].sort()).toEqual(
      [
        'caseOpen',
        'createdByMeWithinHours',
        'createdWithinHours',
        'hasBreakGlass',
        'hasRole',
        'inSameOrganization',
        'isAssignee',
        'isNamedOnRestrictedCase',
        'isOwner',
        'isPartnerSupervisor',
        'isReferralRecipient',
        'isSelf',
        'isSupervisor',
        'notRestricted',
      ].sort(),
    );
  });

  describe('hasRole', () => {
    it('holds when the user has the role, and folds to a constant in SQL', () => {
      expect(test('hasRole', {}, { arg: 'supervisor', roles: ['counsellor', 'supervisor'] })).toBe(true);
      expect(test('hasRole', {}, { arg: 'supervisor', roles: ['counsellor'] })).toBe(false);
      expect(sql('hasRole', { arg: 'supervisor', roles: ['supervisor'] })).toEqual({
        sql: TRUE_SQL,
        params: [],
      });
      expect(sql('hasRole', { arg: 'supervisor', roles: ['admin'] })).toEqual({ sql: FALSE_SQL, params: [] });
    });
  });

  describe('isSelf', () => {
    it('holds for the user’s own record only', () => {
      expect(test('isSelf', { id: ME })).toBe(true);
      expect(test('isSelf', { id: SOMEONE })).toBe(false);
      expect(test('isSelf', { id: null })).toBe(false);
      expect(sql('isSelf')).toEqual({ sql: 't.id = $1', params: [ME] });
    });
  });

  describe('isOwner', () => {
    it('holds when the record belongs to the user', () => {
      expect(test('isOwner', { ownerId: ME })).toBe(true);
      expect(test('isOwner', { ownerId: SOMEONE })).toBe(false);
      expect(test('isOwner', {})).toBe(false);
      expect(sql('isOwner')).toEqual({ sql: 't.owner_id = $1', params: [ME] });
    });
  });

  describe('isAssignee', () => {
    it('holds when the record is assigned to the user', () => {
      expect(test('isAssignee', { assigneeId: ME })).toBe(true);
      expect(test('isAssignee', { assigneeId: SOMEONE })).toBe(false);
      expect(test('isAssignee', { assigneeId: null })).toBe(false);
      expect(sql('isAssignee')).toEqual({ sql: 't.assignee_id = $1', params: [ME] });
    });
  });

  describe('inSameOrganization', () => {
    it("holds when the record is held by the user's organisation", () => {
      expect(test('inSameOrganization', { organizationId: ORG })).toBe(true);
      expect(test('inSameOrganization', { organizationId: OTHER_ORG })).toBe(false);
      expect(test('inSameOrganization', {})).toBe(false);
      expect(sql('inSameOrganization')).toEqual({ sql: 't.organization_id = $1', params: [ORG] });
    });
  });

  describe('isSupervisor', () => {
    it("needs the supervisor role and the record in the user's organisation", () => {
      expect(test('isSupervisor', { organizationId: ORG }, { roles: ['supervisor'] })).toBe(true);
      expect(test('isSupervisor', { organizationId: OTHER_ORG }, { roles: ['supervisor'] })).toBe(false);
      expect(test('isSupervisor', { organizationId: ORG }, { roles: ['counsellor'] })).toBe(false);
      expect(sql('isSupervisor', { roles: ['supervisor'] })).toEqual({
        sql: 't.organization_id = $1',
        params: [ORG],
      });
      expect(sql('isSupervisor', { roles: ['counsellor'] })).toEqual({ sql: FALSE_SQL, params: [] });
    });
  });

  describe('isReferralRecipient', () => {
    it("holds when the record is addressed to the user's organisation", () => {
      expect(test('isReferralRecipient', { recipientOrganizationId: ORG })).toBe(true);
      expect(test('isReferralRecipient', { recipientOrganizationId: OTHER_ORG, organizationId: ORG })).toBe(
        false,
      );
      expect(sql('isReferralRecipient')).toEqual({ sql: 't.recipient_organization_id = $1', params: [ORG] });
    });
  });

  describe('caseOpen', () => {
    it('holds for any known status but closed', () => {
      expect(test('caseOpen', { status: 'intake' })).toBe(true);
      expect(test('caseOpen', { status: 'reopened' })).toBe(true);
      expect(test('caseOpen', { status: 'closed' })).toBe(false);
      expect(test('caseOpen', { status: 'merged' })).toBe(false);
      expect(test('caseOpen', { status: null })).toBe(false);
      expect(sql('caseOpen')).toEqual({ sql: "t.status NOT IN ('closed', 'merged')", params: [] });
    });
  });

  describe('notRestricted', () => {
    it('holds only when the record is known not to be restricted', () => {
      expect(test('notRestricted', { restricted: false })).toBe(true);
      expect(test('notRestricted', { restricted: true })).toBe(false);
      expect(test('notRestricted', { restricted: null })).toBe(false);
      expect(test('notRestricted', {})).toBe(false);
      expect(sql('notRestricted')).toEqual({ sql: 't.restricted = false', params: [] });
    });
  });

  describe('createdWithinHours', () => {
    it('holds for a record created less than n hours ago', () => {
      expect(test('createdWithinHours', { createdAt: hoursAgo(23.9) }, { arg: 24 })).toBe(true);
      expect(test('createdWithinHours', { createdAt: hoursAgo(24) }, { arg: 24 })).toBe(false);
      expect(test('createdWithinHours', { createdAt: hoursAgo(30) }, { arg: 24 })).toBe(false);
      expect(test('createdWithinHours', { createdAt: null }, { arg: 24 })).toBe(false);
      expect(sql('createdWithinHours', { arg: 24 })).toEqual({
        sql: "t.created_at > now() - interval '24 hours'",
        params: [],
      });
    });
  });

  describe('createdByMeWithinHours', () => {
    it('holds for a record the user created less than n hours ago', () => {
      expect(test('createdByMeWithinHours', { createdBy: ME, createdAt: hoursAgo(1) }, { arg: 24 })).toBe(
        true,
      );
      expect(test('createdByMeWithinHours', { createdBy: ME, createdAt: hoursAgo(25) }, { arg: 24 })).toBe(
        false,
      );
      expect(
        test('createdByMeWithinHours', { createdBy: SOMEONE, createdAt: hoursAgo(1) }, { arg: 24 }),
      ).toBe(false);
      expect(sql('createdByMeWithinHours', { arg: 4 })).toEqual({
        sql: "(t.created_by = $1 AND t.created_at > now() - interval '4 hours')",
        params: [ME],
      });
    });
  });

  describe('isNamedOnRestrictedCase', () => {
    it('holds for a restricted record that names the user', () => {
      const rec = { id: SOMEONE, restricted: true };
      expect(test('isNamedOnRestrictedCase', rec, { facts: { namedOnRecord: true } })).toBe(true);
      expect(test('isNamedOnRestrictedCase', rec, { facts: { namedOnRecord: false } })).toBe(false);
      expect(
        test('isNamedOnRestrictedCase', { ...rec, restricted: false }, { facts: { namedOnRecord: true } }),
      ).toBe(false);
      expect(sql('isNamedOnRestrictedCase')).toEqual({
        sql:
          '(t.restricted = true AND EXISTS (SELECT 1 FROM thing_names access_named' +
          ' WHERE access_named.thing_id = t.id AND access_named.user_id = $1))',
        params: [ME],
      });
    });
  });

  describe('isPartnerSupervisor', () => {
    it('holds for a supervisor whose organisation is a partner of the record', () => {
      const rec = { id: SOMEONE };
      const supervisor = { roles: ['supervisor'] };
      expect(test('isPartnerSupervisor', rec, { ...supervisor, facts: { partnerOfRecord: true } })).toBe(
        true,
      );
      expect(test('isPartnerSupervisor', rec, { ...supervisor, facts: { partnerOfRecord: false } })).toBe(
        false,
      );
      expect(
        test('isPartnerSupervisor', rec, { roles: ['counsellor'], facts: { partnerOfRecord: true } }),
      ).toBe(false);
      expect(test('isPartnerSupervisor', {}, { ...supervisor, facts: { partnerOfRecord: true } })).toBe(
        false,
      );
      expect(sql('isPartnerSupervisor', supervisor)).toEqual({
        sql:
          'EXISTS (SELECT 1 FROM thing_partners access_partner' +
          ' WHERE access_partner.thing_id = t.id AND access_partner.organization_id = $1)',
        params: [ORG],
      });
      expect(sql('isPartnerSupervisor', { roles: ['counsellor'] }).sql).toBe(FALSE_SQL);
    });
  });

  describe('hasBreakGlass', () => {
    it("holds with an active grant for the record's case and organisation", () => {
      const rec = { caseId: SOMEONE, organizationId: ORG };
      expect(test('hasBreakGlass', rec, { facts: { breakGlass: true } })).toBe(true);
      expect(test('hasBreakGlass', rec, { facts: { breakGlass: false } })).toBe(false);
      expect(test('hasBreakGlass', { caseId: SOMEONE }, { facts: { breakGlass: true } })).toBe(false);
      const compiled = sql('hasBreakGlass');
      expect(compiled.params).toEqual([ME]);
      expect(compiled.sql).toBe(
        'EXISTS (SELECT 1 FROM break_glass_grants access_bg WHERE access_bg.user_id = $1' +
          ' AND access_bg.case_id = t.case_id AND access_bg.organization_id = t.organization_id' +
          ' AND access_bg.expires_at > now() AND access_bg.revoked_at IS NULL)',
      );
    });
  });

  it('declares the fields each condition reads', () => {
    expect(cond('hasRole').fields).toEqual([]);
    expect(cond('createdByMeWithinHours').fields).toEqual(['createdBy', 'createdAt']);
    expect(cond('isNamedOnRestrictedCase').relations).toEqual(['namedUsers']);
    expect(cond('hasBreakGlass').facts).toEqual(['breakGlass']);
    expect(cond('isPartnerSupervisor').relations).toEqual(['partnerOrganizations']);
  });
});
