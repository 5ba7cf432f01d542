import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogues } from '../../platform/catalogues/catalogue';
import { configDir } from '../../platform/config/app-root';
import { ACCESS_RULES_FILE, loadAccessPolicy } from './access-policy.loader';
import { AccessDecision, AccessFacts, AccessRecord, AccessUser } from './domain/access-record';
import { AccessPolicy } from './domain/policy';
import { ResourceDescriptor } from './domain/resource-descriptor';
import { AccessRulesError } from './domain/rules';

const roles = (loadCatalogues(join(configDir(), 'catalogues')).get('roles')?.items ?? []).map((i) => i.key);

/** The descriptor the notifications module registers. */
const NOTIFICATION: ResourceDescriptor = {
  resource: 'notification',
  table: 'notifications',
  alias: 'n',
  columns: { id: 'id', ownerId: 'recipient_id' },
};

/** The descriptor the case module (issue 4) is expected to register: the contract of the case rules. */
const CASE: ResourceDescriptor = {
  resource: 'case',
  table: 'cases',
  alias: 'c',
  columns: {
    id: 'id',
    caseId: 'id',
    organizationId: 'organization_id',
    assigneeId: 'assignee_id',
    createdBy: 'created_by',
    createdAt: 'opened_at',
    status: 'status',
    restricted: 'restricted',
  },
  namedUsers: { table: 'case_restricted_supervisors', keyColumn: 'case_id', userColumn: 'user_id' },
};

/** The directory's provider (issue 5): safe-house partners are a relation. */
const PROVIDER: ResourceDescriptor = {
  resource: 'provider',
  table: 'providers',
  alias: 'p',
  columns: { id: 'id', organizationId: 'organization_id' },
  partnerOrganizations: {
    table: 'provider_partner_organizations',
    keyColumn: 'provider_id',
    organizationColumn: 'organization_id',
  },
};

/** Referrals as the provider sees them, and stays, kept by the provider's organisation. */
const REFERRAL: ResourceDescriptor = {
  resource: 'referral',
  table: 'referrals',
  alias: 'r',
  columns: {
    id: 'id',
    caseId: 'case_id',
    organizationId: 'referring_organization_id',
    recipientOrganizationId: 'recipient_organization_id',
  },
};
const STAY: ResourceDescriptor = {
  resource: 'stay',
  table: 'stays',
  alias: 's',
  columns: { id: 'id', caseId: 'case_id', organizationId: 'organization_id' },
};

const FOLLOW_UP: ResourceDescriptor = {
  resource: 'follow_up',
  table: 'follow_ups',
  alias: 'f',
  columns: { id: 'id', caseId: 'case_id', organizationId: 'organization_id', assigneeId: 'assignee_id' },
};

const ACTIVITY: ResourceDescriptor = {
  resource: 'activity',
  table: 'activities',
  alias: 'a',
  columns: { id: 'id', organizationId: 'organization_id' },
};
const REPORT: ResourceDescriptor = {
  resource: 'report',
  table: 'report_runs',
  alias: 'rr',
  columns: { id: 'id', ownerId: 'requested_by', organizationId: 'organization_id' },
};

const CALL: ResourceDescriptor = {
  resource: 'call',
  table: 'calls',
  alias: 'cl',
  columns: { id: 'id', organizationId: 'organization_id', ownerId: 'operator_id' },
};

/** The transfer of a case (issue 15): the sender is its organisation, the receiver its recipient. */
const CASE_TRANSFER: ResourceDescriptor = {
  resource: 'case_transfer',
  table: 'case_transfers',
  alias: 't',
  columns: {
    id: 'id',
    caseId: 'case_id',
    organizationId: 'from_organization_id',
    recipientOrganizationId: 'to_organization_id',
    status: 'status',
  },
};

describe('config/access-rules.yaml', () => {
  it('loads, with the notification resource pending and the built-in ones registered', () => {
    const policy = loadAccessPolicy(configDir(), roles);
    expect(policy.rules.file).toBe('config/access-rules.yaml');
    expect([...policy.rules.pending].sort()).toEqual(['notification']);
    expect(policy.registeredResources()).toEqual(['audit', 'organization', 'user']);
    expect(policy.unregisteredResources().sort()).toEqual([
      'activity',
      'call',
      'case',
      'case_transfer',
      'follow_up',
      'notification',
      'provider',
      'referral',
      'report',
      'stay',
    ]);
  });

  it('fits the notification, case, provider, referral and stay descriptors', () => {
    const policy = loadAccessPolicy(configDir(), roles);
    policy.register(NOTIFICATION);
    policy.register(CASE);
    policy.register(PROVIDER);
    policy.register(REFERRAL);
    policy.register(STAY);
    policy.register(FOLLOW_UP);
    policy.register(ACTIVITY);
    policy.register(REPORT);
    policy.register(CALL);
    policy.register(CASE_TRANSFER);
    expect(policy.unregisteredResources()).toEqual([]);
  });

  it('refuses a case descriptor without the columns the case rules need, naming the action', () => {
    const policy = loadAccessPolicy(configDir(), roles);
    const { createdBy: _c, ...columns } = CASE.columns;
    expect(() => {
      policy.register({ ...CASE, columns });
    }).toThrow(
      /^config\/access-rules\.yaml: action 'case\.read', set 1: createdByMeWithinHours\(24\) needs the field 'createdBy'/,
    );
  });

  describe('a rule file that is wrong stops loading, naming the file, the action and the problem', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'haven-access-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('on an unknown condition', () => {
      cpSync(join(configDir(), ACCESS_RULES_FILE), join(dir, ACCESS_RULES_FILE));
      writeFileSync(
        join(dir, ACCESS_RULES_FILE),
        'actions:\n  user.manage:\n    - [hasRole(admin), isBoss]\n',
      );
      expect(() => loadAccessPolicy(dir, roles)).toThrow(AccessRulesError);
      expect(() => loadAccessPolicy(dir, roles)).toThrow(
        new RegExp(
          `${join(dir, ACCESS_RULES_FILE)}: action 'user.manage', set 1: unknown condition 'isBoss'`,
        ),
      );
    });

    it('on a built-in resource missing a field', () => {
      writeFileSync(join(dir, ACCESS_RULES_FILE), 'actions:\n  audit.read:\n    - [isAssignee]\n');
      expect(() => loadAccessPolicy(dir, roles)).toThrow(
        "action 'audit.read', set 1: isAssignee needs the field 'assigneeId', which resource 'audit'",
      );
    });

    it('when the file is missing', () => {
      expect(() => loadAccessPolicy(dir, roles)).toThrow(
        `${join(dir, ACCESS_RULES_FILE)}: cannot be read (ENOENT)`,
      );
    });
  });
});

/**
 * Who sees what (docs/DESIGN.md §1, §7), as the case module will meet it: the shipped rules decided over the
 * expected case descriptor. The SQL form of the same rules is checked against a database in
 * test/integration/access-filter.integration-spec.ts.
 */
describe('the case rules of config/access-rules.yaml', () => {
  const ORG = '11111111-1111-4111-8111-111111111111';
  const OTHER = '22222222-2222-4222-8222-222222222222';
  const ME = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const COLLEAGUE = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
  const CASE_ID = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
  const NOW = new Date('2026-03-01T12:00:00Z');
  const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

  let policy: AccessPolicy;
  beforeAll(() => {
    policy = loadAccessPolicy(configDir(), roles);
    policy.register(CASE);
  });

  const base: AccessRecord = {
    id: CASE_ID,
    caseId: CASE_ID,
    organizationId: ORG,
    assigneeId: COLLEAGUE,
    createdBy: COLLEAGUE,
    createdAt: hoursAgo(2),
    status: 'in_progress',
    restricted: false,
  };
  const as = (...r: string[]): AccessUser => ({ id: ME, roles: r, organizationId: ORG });
  const decide = (
    user: AccessUser,
    action: string,
    record: Partial<AccessRecord>,
    f: Partial<AccessFacts> = {},
  ): AccessDecision =>
    policy.decide(
      user,
      action,
      { ...base, ...record },
      { now: NOW, breakGlass: false, namedOnRecord: false, partnerOfRecord: false, ...f },
    );

  it('lets the hotline operator see for 24 hours the cases they opened, unless restricted', () => {
    const op = as('hotline_operator');
    expect(decide(op, 'case.read', { createdBy: ME, createdAt: hoursAgo(23) })).toBe('allow');
    expect(decide(op, 'case.update', { createdBy: ME, createdAt: hoursAgo(23) })).toBe('allow');
    expect(decide(op, 'case.read', { createdBy: ME, createdAt: hoursAgo(25) })).toBe('deny_hidden');
    expect(decide(op, 'case.read', { createdBy: COLLEAGUE })).toBe('deny_hidden');
    expect(decide(op, 'case.read', { createdBy: ME, restricted: true })).toBe('deny_hidden');
    expect(decide(op, 'case.assign', { createdBy: ME })).toBe('deny_visible');
  });

  it('keeps for the operator, 24 hours, a case she opened that was routed to another organisation: read, complete, refer', () => {
    const op = as('hotline_operator');
    const routed = { organizationId: OTHER, createdBy: ME, createdAt: hoursAgo(2) };
    for (const action of ['case.read', 'case.update', 'case.refer']) {
      expect(decide(op, action, routed)).toBe('allow');
      expect(decide(op, action, { ...routed, createdAt: hoursAgo(25) })).toBe('deny_hidden');
      expect(decide(op, action, { ...routed, createdBy: COLLEAGUE })).toBe('deny_hidden');
      expect(decide(op, action, { ...routed, restricted: true })).toBe('deny_hidden');
    }
    expect(decide(op, 'case.update', { ...routed, status: 'closed' })).toBe('deny_visible');
    expect(decide(op, 'case.assign', routed)).toBe('deny_visible');
    expect(decide(op, 'case.request_closure', routed)).toBe('deny_visible');
  });

  it('lets the counsellor see and work the cases assigned to them, and only those', () => {
    const c = as('counsellor');
    expect(decide(c, 'case.read', { assigneeId: ME })).toBe('allow');
    expect(decide(c, 'case.read', { assigneeId: ME, restricted: true })).toBe('allow');
    expect(decide(c, 'case.update', { assigneeId: ME })).toBe('allow');
    expect(decide(c, 'case.update', { assigneeId: ME, status: 'closed' })).toBe('deny_visible');
    expect(decide(c, 'case.request_closure', { assigneeId: ME })).toBe('allow');
    expect(decide(c, 'case.approve_closure', { assigneeId: ME })).toBe('deny_visible');
    expect(decide(c, 'case.read', {})).toBe('deny_hidden');
    expect(decide(c, 'case.read', { assigneeId: ME, organizationId: OTHER })).toBe('deny_hidden');
  });

  it('lets the supervisor see every unrestricted case of their organisation and the restricted ones naming them', () => {
    const s = as('supervisor');
    expect(decide(s, 'case.read', { assigneeId: null })).toBe('allow');
    expect(decide(s, 'case.assign', { assigneeId: null })).toBe('allow');
    expect(decide(s, 'case.read', { organizationId: OTHER })).toBe('deny_hidden');
    expect(decide(s, 'case.read', { restricted: true })).toBe('deny_hidden');
    expect(decide(s, 'case.read', { restricted: true }, { namedOnRecord: true })).toBe('allow');
    expect(decide(s, 'case.approve_closure', { restricted: true }, { namedOnRecord: true })).toBe('allow');
    expect(decide(s, 'case.break_glass', {})).toBe('deny_visible');
  });

  it('opens a colleague’s case with break-glass: own organisation, not restricted', () => {
    const c = as('counsellor');
    expect(decide(c, 'case.break_glass', {})).toBe('allow');
    expect(decide(c, 'case.read', {}, { breakGlass: true })).toBe('allow');
    expect(decide(c, 'case.update', {}, { breakGlass: true })).toBe('allow');
    expect(decide(c, 'case.read', { restricted: true }, { breakGlass: true })).toBe('deny_hidden');
    expect(decide(c, 'case.read', { organizationId: OTHER }, { breakGlass: true })).toBe('deny_hidden');
    expect(decide(c, 'case.break_glass', { organizationId: OTHER })).toBe('deny_hidden');
    expect(decide(c, 'case.break_glass', { restricted: true })).toBe('deny_hidden');
  });

  it.each(['provider_staff', 'centre_manager', 'admin', 'auditor'])(
    'never shows a case file to %s',
    (role) => {
      const u = as(role);
      for (const record of [{}, { assigneeId: ME }, { createdBy: ME }]) {
        expect(decide(u, 'case.read', record, { breakGlass: true, namedOnRecord: true })).toBe('deny_hidden');
      }
      expect(
        policy.decide(u, 'case.create', undefined, {
          now: NOW,
          breakGlass: false,
          namedOnRecord: false,
          partnerOfRecord: false,
        }),
      ).toBe('deny_visible');
    },
  );

  it('lets lists show exactly what a read allows', () => {
    const texts = (action: string) => policy.rules.actions.get(action)?.map((set) => set.map((c) => c.text));
    expect(texts('case.list')).toEqual(texts('case.read'));
    expect(texts('notification.list')).toEqual(texts('notification.read'));
  });
});
