import { AccessRulesError, parseAccessRules, resourceOf } from './rules';

const FILE = 'config/access-rules.yaml';
const vocabulary = { roles: ['hotline_operator', 'counsellor', 'supervisor', 'admin', 'auditor'] };
const parse = (text: string) => parseAccessRules(FILE, text, vocabulary);

/** The message of the AccessRulesError the text provokes. */
function problem(text: string): string {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AccessRulesError);
    return (e as Error).message;
  }
  throw new Error('the rules were accepted');
}

describe('parseAccessRules', () => {
  it('reads actions as lists of condition sets, with arguments', () => {
    const rules = parse(`
actions:
  case.read:
    - [hasRole(counsellor), isAssignee]
    - [isSupervisor, notRestricted]
    - [hasRole(hotline_operator), createdByMeWithinHours(24)]
  case.delete: []
pending: [case]
`);
    const sets = rules.actions.get('case.read');
    expect(sets?.map((s) => s.map((c) => c.text))).toEqual([
      ['hasRole(counsellor)', 'isAssignee'],
      ['isSupervisor', 'notRestricted'],
      ['hasRole(hotline_operator)', 'createdByMeWithinHours(24)'],
    ]);
    expect(sets?.[0]?.[0]?.arg).toBe('counsellor');
    expect(sets?.[2]?.[1]?.arg).toBe(24);
    expect(rules.actions.get('case.delete')).toEqual([]);
    expect([...rules.pending]).toEqual(['case']);
    expect(rules.file).toBe(FILE);
  });

  it('follows YAML aliases, so that an action can repeat another’s sets', () => {
    const rules = parse(`
actions:
  case.read: &r
    - [isAssignee]
  case.list: *r
`);
    expect(rules.actions.get('case.list')?.[0]?.[0]?.text).toBe('isAssignee');
  });

  it('names the file when the text is not YAML', () => {
    expect(problem('actions: [')).toMatch(/^config\/access-rules\.yaml: not valid YAML/);
  });

  it('refuses a file that is not a mapping with actions', () => {
    expect(problem('- a')).toContain('must be a mapping');
    expect(problem('pending: []')).toContain("'actions' must be a mapping");
    expect(problem('actions: {}')).toContain("'actions' is empty");
  });

  it('refuses an unknown top-level key', () => {
    expect(problem('actions: { case.read: [] }\nresources: {}')).toContain(
      "unknown top-level key 'resources'",
    );
  });

  it('refuses an action defined twice', () => {
    expect(problem('actions:\n  case.read: []\n  case.read: []')).toContain('not valid YAML');
  });

  it('refuses a malformed action name, naming it', () => {
    expect(problem('actions: { caseRead: [] }')).toContain(
      "action 'caseRead': an action is <resource>.<verb>",
    );
    expect(problem('actions: { Case.read: [] }')).toContain("action 'Case.read'");
  });

  it('refuses an action whose sets are not a list', () => {
    expect(problem('actions:\n  case.read:\n')).toContain(
      "action 'case.read': must be a list of condition sets",
    );
    expect(problem('actions: { case.read: isAssignee }')).toContain('must be a list of condition sets');
  });

  it('refuses a set that is not a list, or is empty', () => {
    expect(problem('actions: { case.read: [isAssignee] }')).toContain(
      "action 'case.read', set 1: a condition set must be a list",
    );
    expect(problem('actions: { case.read: [[isAssignee], []] }')).toContain(
      "action 'case.read', set 2: an empty set would allow everyone",
    );
  });

  it('refuses an unknown condition, naming the action and suggesting the closest', () => {
    const msg = problem('actions: { case.read: [[isAsignee]] }');
    expect(msg).toContain(
      "config/access-rules.yaml: action 'case.read', set 1: unknown condition 'isAsignee'",
    );
    expect(msg).toContain('did you mean isAssignee?');
  });

  it('refuses a condition that is not text or not a condition', () => {
    expect(problem('actions: { case.read: [[42]] }')).toContain('a condition must be written as text');
    expect(problem('actions: { case.read: [["is Assignee"]] }')).toContain(
      "'is Assignee' is not a condition",
    );
  });

  it('refuses a wrong argument', () => {
    expect(problem('actions: { case.read: [[isAssignee(1)]] }')).toContain('isAssignee takes no argument');
    expect(problem('actions: { case.read: [[hasRole]] }')).toContain('hasRole needs a role');
    expect(problem('actions: { case.read: [[hasRole(wizard)]] }')).toContain('hasRole(wizard): unknown role');
    expect(problem('actions: { case.read: [[createdWithinHours]] }')).toContain('needs a number of hours');
    expect(problem('actions: { case.read: [[createdWithinHours(0)]] }')).toContain(
      'whole number from 1 to 8760',
    );
    expect(problem('actions: { case.read: [[createdWithinHours(1.5)]] }')).toContain('whole number');
    expect(problem('actions: { case.read: [[createdWithinHours(9000)]] }')).toContain('whole number');
  });

  it('refuses a condition written twice in a set', () => {
    expect(problem('actions: { case.read: [[isAssignee, isAssignee]] }')).toContain(
      "'isAssignee' appears twice",
    );
  });

  it('refuses a malformed pending list', () => {
    expect(problem('actions: { case.read: [] }\npending: case')).toContain("'pending' must be a list");
    expect(problem('actions: { case.read: [] }\npending: [Case]')).toContain("'Case' is not a resource name");
    expect(problem('actions: { case.read: [] }\npending: [referral]')).toContain(
      "no action is on resource 'referral'",
    );
  });
});

describe('resourceOf', () => {
  it('is the first segment of the action', () => {
    expect(resourceOf('case.read')).toBe('case');
    expect(resourceOf('case.read_access_log')).toBe('case');
    expect(resourceOf('referral.stay.admit')).toBe('referral');
  });
});
