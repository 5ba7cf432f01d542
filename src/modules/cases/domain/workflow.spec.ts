import { CaseDomainError } from './errors';
import {
  allowedTransitions,
  approveClosure,
  CASE_STATES,
  CaseState,
  CaseWorkflow,
  isCaseState,
  isOpen,
  rejectClosure,
  requestClosure,
  requestTransition,
  transition,
} from './workflow';

const REASONS = ['goals_met', 'survivor_request', 'moved_away', 'lost_contact', 'transferred', 'deceased'];
const COUNSELLOR = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const SUPERVISOR = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const AT = new Date('2026-03-01T02:00:00Z');
const OPEN_STATES: CaseState[] = ['intake', 'assessment', 'case_plan', 'in_progress', 'reopened'];

const open = (state: CaseState = 'in_progress'): CaseWorkflow => ({ state, pendingClosure: null });
const pending = (state: CaseState = 'in_progress', requestedBy = COUNSELLOR): CaseWorkflow => ({
  state,
  pendingClosure: { requestedBy, reasonCode: 'goals_met', requestedAt: AT },
});
const supervisor = { id: SUPERVISOR, roles: ['supervisor'] };

function caught(fn: () => unknown): CaseDomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CaseDomainError) return e;
    throw e;
  }
  throw new Error('expected a CaseDomainError');
}

describe('allowedTransitions', () => {
  it('moves forward one step at a time and offers closing from every open state', () => {
    expect(allowedTransitions('intake')).toEqual(['assessment', 'closed']);
    expect(allowedTransitions('assessment')).toEqual(['case_plan', 'closed']);
    expect(allowedTransitions('case_plan')).toEqual(['in_progress', 'closed']);
    expect(allowedTransitions('in_progress')).toEqual(['closed']);
    expect(allowedTransitions('reopened')).toEqual(['in_progress', 'closed']);
  });

  it('offers only reopening once closed', () => {
    expect(allowedTransitions('closed')).toEqual(['reopened']);
  });

  it('does not offer closing again while a closure is pending', () => {
    expect(allowedTransitions('case_plan', pending().pendingClosure)).toEqual(['in_progress']);
  });
});

describe('transition', () => {
  it('makes each direct move of the workflow', () => {
    expect(transition('intake', 'assessment')).toBe('assessment');
    expect(transition('assessment', 'case_plan')).toBe('case_plan');
    expect(transition('case_plan', 'in_progress')).toBe('in_progress');
    expect(transition('closed', 'reopened')).toBe('reopened');
    expect(transition('reopened', 'in_progress')).toBe('in_progress');
  });

  it('refuses to skip a step, naming the allowed states', () => {
    const e = caught(() => transition('intake', 'in_progress'));
    expect(e.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(e.params).toEqual({ from: 'intake', to: 'in_progress', allowed: 'assessment, closed' });
    expect(e.details).toEqual({ allowed: ['assessment', 'closed'] });
  });

  it('refuses to go back or to stay put', () => {
    expect(caught(() => transition('case_plan', 'assessment')).code).toBe('TRANSITION_NOT_ALLOWED');
    expect(caught(() => transition('in_progress', 'in_progress')).code).toBe('TRANSITION_NOT_ALLOWED');
    expect(caught(() => transition('reopened', 'intake')).code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('refuses to take a closed case anywhere but reopened', () => {
    const e = caught(() => transition('closed', 'in_progress'));
    expect(e.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(e.details).toEqual({ allowed: ['reopened'] });
    expect(caught(() => transition('closed', 'closed')).code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('never closes directly: closing needs an approved request', () => {
    for (const state of OPEN_STATES) {
      const e = caught(() => transition(state, 'closed'));
      expect(e.code).toBe('CLOSURE_APPROVAL_REQUIRED');
      expect(e.params).toEqual({ from: state });
    }
  });

  it('refuses every pair the workflow does not list', () => {
    const listed = new Set([
      'intake>assessment',
      'assessment>case_plan',
      'case_plan>in_progress',
      'closed>reopened',
      'reopened>in_progress',
    ]);
    for (const from of CASE_STATES) {
      for (const to of CASE_STATES) {
        if (listed.has(`${from}>${to}`)) expect(transition(from, to)).toBe(to);
        else expect(() => transition(from, to)).toThrow(CaseDomainError);
      }
    }
  });
});

describe('requestClosure', () => {
  it('leaves the case in its state with a pending closure naming who asked, why and when', () => {
    for (const state of OPEN_STATES) {
      const next = requestClosure(
        open(state),
        { requestedBy: COUNSELLOR, requestedAt: AT, reasonCode: 'moved_away' },
        REASONS,
      );
      expect(next).toEqual({
        state,
        pendingClosure: { requestedBy: COUNSELLOR, reasonCode: 'moved_away', requestedAt: AT },
      });
    }
  });

  it('needs a reason', () => {
    for (const reasonCode of [undefined, null, '']) {
      const e = caught(() =>
        requestClosure(open(), { requestedBy: COUNSELLOR, requestedAt: AT, reasonCode }, REASONS),
      );
      expect(e.code).toBe('CLOSURE_REASON_REQUIRED');
      expect(e.params).toEqual({ field: 'reasonCode' });
    }
  });

  it('refuses a reason that is not in the closure-reasons catalogue, naming the allowed ones', () => {
    const e = caught(() =>
      requestClosure(open(), { requestedBy: COUNSELLOR, requestedAt: AT, reasonCode: 'bored' }, REASONS),
    );
    expect(e.code).toBe('UNKNOWN_CATALOGUE_KEY');
    expect(e.params).toEqual({ field: 'reasonCode', allowed: REASONS.join(', ') });
  });

  it('refuses a second request while one is pending', () => {
    const e = caught(() =>
      requestClosure(
        pending(),
        { requestedBy: SUPERVISOR, requestedAt: AT, reasonCode: 'goals_met' },
        REASONS,
      ),
    );
    expect(e.code).toBe('CLOSURE_ALREADY_PENDING');
  });

  it('refuses to close a closed case', () => {
    const e = caught(() =>
      requestClosure(
        open('closed'),
        { requestedBy: COUNSELLOR, requestedAt: AT, reasonCode: 'goals_met' },
        REASONS,
      ),
    );
    expect(e.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(e.params).toMatchObject({ from: 'closed', to: 'closed', allowed: 'reopened' });
  });
});

describe('requestTransition', () => {
  const by = { requestedBy: COUNSELLOR, requestedAt: AT, reasonCode: 'lost_contact' };

  it('turns a request for closed into a pending closure', () => {
    const outcome = requestTransition(open('assessment'), 'closed', by, REASONS);
    expect(outcome).toEqual({
      kind: 'closure_requested',
      workflow: {
        state: 'assessment',
        pendingClosure: { requestedBy: COUNSELLOR, reasonCode: 'lost_contact', requestedAt: AT },
      },
    });
  });

  it('makes a direct move and says where from, ignoring a reason it does not need', () => {
    expect(requestTransition(open('intake'), 'assessment', by, REASONS)).toEqual({
      kind: 'moved',
      from: 'intake',
      workflow: { state: 'assessment', pendingClosure: null },
    });
  });

  it('keeps a pending closure through a forward move', () => {
    const outcome = requestTransition(pending('case_plan'), 'in_progress', by, REASONS);
    expect(outcome.workflow).toEqual({ state: 'in_progress', pendingClosure: pending().pendingClosure });
  });

  it('refuses a skipped step, naming the allowed states without closed when a closure is pending', () => {
    const e = caught(() => requestTransition(pending('intake'), 'in_progress', by, REASONS));
    expect(e.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(e.details).toEqual({ allowed: ['assessment'] });
  });

  it('reopens a closed case and then takes it back into progress', () => {
    const reopened = requestTransition(open('closed'), 'reopened', by, REASONS);
    expect(reopened.workflow.state).toBe('reopened');
    expect(requestTransition(reopened.workflow, 'in_progress', by, REASONS).workflow.state).toBe(
      'in_progress',
    );
  });
});

describe('approveClosure and rejectClosure', () => {
  it('closes the case when a supervisor other than the requester approves', () => {
    const decision = approveClosure(pending('case_plan'), supervisor);
    expect(decision.workflow).toEqual({ state: 'closed', pendingClosure: null });
    expect(decision.closure).toEqual({ requestedBy: COUNSELLOR, reasonCode: 'goals_met', requestedAt: AT });
  });

  it('keeps the case open in its state when a supervisor rejects', () => {
    const decision = rejectClosure(pending('assessment'), supervisor);
    expect(decision.workflow).toEqual({ state: 'assessment', pendingClosure: null });
    expect(decision.closure.reasonCode).toBe('goals_met');
  });

  it('refuses a supervisor deciding on their own request, either way', () => {
    const own = pending('in_progress', SUPERVISOR);
    expect(caught(() => approveClosure(own, supervisor)).code).toBe('CLOSURE_SELF_DECISION');
    expect(caught(() => rejectClosure(own, supervisor)).code).toBe('CLOSURE_SELF_DECISION');
  });

  it('refuses a decider who is not a supervisor, either way', () => {
    const counsellor = {
      id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
      roles: ['counsellor', 'hotline_operator'],
    };
    const e = caught(() => approveClosure(pending(), counsellor));
    expect(e.code).toBe('CLOSURE_DECIDER_NOT_SUPERVISOR');
    expect(e.params).toEqual({ role: 'supervisor' });
    expect(caught(() => rejectClosure(pending(), counsellor)).code).toBe('CLOSURE_DECIDER_NOT_SUPERVISOR');
  });

  it('refuses a decision when nothing is pending', () => {
    expect(caught(() => approveClosure(open(), supervisor)).code).toBe('CLOSURE_NOT_PENDING');
    expect(caught(() => rejectClosure(open('closed'), supervisor)).code).toBe('CLOSURE_NOT_PENDING');
  });

  it('lets the case be asked to close again after a rejection', () => {
    const { workflow } = rejectClosure(pending(), supervisor);
    const again = requestClosure(
      workflow,
      { requestedBy: COUNSELLOR, requestedAt: AT, reasonCode: 'survivor_request' },
      REASONS,
    );
    expect(again.pendingClosure?.reasonCode).toBe('survivor_request');
  });
});

describe('states', () => {
  it('knows its states and which are open', () => {
    expect(isCaseState('case_plan')).toBe(true);
    expect(isCaseState('archived')).toBe(false);
    expect(isCaseState(3)).toBe(false);
    expect(CASE_STATES.filter(isOpen)).toEqual(OPEN_STATES);
  });
});
