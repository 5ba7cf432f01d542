import { CaseDomainError } from './errors';

/**
 * The case workflow of docs/DESIGN.md §3: intake → assessment → case_plan → in_progress, closed → reopened →
 * in_progress, and closing from any open state through a request another person, a supervisor,
 * approves or rejects.
 */
export const CASE_STATES = [
  'intake',
  'assessment',
  'case_plan',
  'in_progress',
  'closed',
  'reopened',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The role whose holder decides on a closure (config/catalogues/roles.yaml). */
export const CLOSURE_DECIDER_ROLE = 'supervisor';

/**
 * The moves a person makes directly. Forward moves go one step at a time: each step stands for work the
 * file must show (an assessment before a plan, a plan before the work), and a skip would hide that the
 * work is missing. There is no way back: a file that needs a new assessment records a re-assessment
 * rather than rewinding its history. Closing is not a direct move (see requestTransition).
 */
const DIRECT_MOVES: Readonly<Record<CaseState, readonly CaseState[]>> = {
  intake: ['assessment'],
  assessment: ['case_plan'],
  case_plan: ['in_progress'],
  in_progress: [],
  closed: ['reopened'],
  reopened: ['in_progress'],
};

/** A request to close that waits for a supervisor's decision; the case keeps its state meanwhile. */
export interface PendingClosure {
  readonly requestedBy: string;
  readonly reasonCode: string;
  readonly requestedAt: Date;
}

/** What the workflow needs to know of a case. */
export interface CaseWorkflow {
  readonly state: CaseState;
  readonly pendingClosure: PendingClosure | null;
}

export function isCaseState(value: unknown): value is CaseState {
  return typeof value === 'string' && (CASE_STATES as readonly string[]).includes(value);
}

/** Every state but closed is open: work goes on, and closing may be asked for. */
export function isOpen(state: CaseState): boolean {
  return state !== 'closed';
}

/**
 * The states a person may ask to move the case to — what a refused transition names. 'closed' is among
 * them for an open case without a pending closure, although it is reached through a request.
 */
export function allowedTransitions(
  state: CaseState,
  pendingClosure: PendingClosure | null = null,
): CaseState[] {
  const moves = [...DIRECT_MOVES[state]];
  if (isOpen(state) && pendingClosure === null) moves.push('closed');
  return moves;
}

function notAllowed(from: CaseState, to: CaseState, allowed: readonly CaseState[]): CaseDomainError {
  return new CaseDomainError(
    'TRANSITION_NOT_ALLOWED',
    { from, to, allowed: allowed.join(', ') },
    { allowed: [...allowed] },
  );
}

/**
 * A direct move. Closing is refused here with CLOSURE_APPROVAL_REQUIRED, so that no code path closes a
 * case without the second person: closing goes through requestClosure and approveClosure.
 */
export function transition(from: CaseState, to: CaseState): CaseState {
  if (DIRECT_MOVES[from].includes(to)) return to;
  if (to === 'closed' && isOpen(from)) throw new CaseDomainError('CLOSURE_APPROVAL_REQUIRED', { from });
  throw notAllowed(from, to, allowedTransitions(from));
}

export interface ClosureRequest {
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly reasonCode?: string | null;
}

/**
 * Asks to close: the case stays where it is, with a pending closure. closureReasons are the keys of
 * config/catalogues/closure-reasons; reasonField names the field in messages.
 */
export function requestClosure(
  workflow: CaseWorkflow,
  request: ClosureRequest,
  closureReasons: readonly string[],
  reasonField = 'reasonCode',
): CaseWorkflow {
  const { state, pendingClosure } = workflow;
  if (!isOpen(state)) throw notAllowed(state, 'closed', allowedTransitions(state, pendingClosure));
  if (pendingClosure !== null) throw new CaseDomainError('CLOSURE_ALREADY_PENDING');
  const reasonCode = request.reasonCode ?? '';
  if (reasonCode === '') throw new CaseDomainError('CLOSURE_REASON_REQUIRED', { field: reasonField });
  if (!closureReasons.includes(reasonCode)) {
    throw new CaseDomainError(
      'UNKNOWN_CATALOGUE_KEY',
      { field: reasonField, allowed: closureReasons.join(', ') },
      { allowed: [...closureReasons] },
    );
  }
  return {
    state,
    pendingClosure: { requestedBy: request.requestedBy, reasonCode, requestedAt: request.requestedAt },
  };
}

export type TransitionOutcome =
  | { readonly kind: 'moved'; readonly from: CaseState; readonly workflow: CaseWorkflow }
  | { readonly kind: 'closure_requested'; readonly workflow: CaseWorkflow };

/**
 * What POST /cases/:id/transitions does: 'closed' becomes a closure request, anything else a direct
 * move. A pending closure survives a forward move: the supervisor still decides on it.
 */
export function requestTransition(
  workflow: CaseWorkflow,
  to: CaseState,
  request: ClosureRequest,
  closureReasons: readonly string[],
): TransitionOutcome {
  if (to === 'closed') {
    return { kind: 'closure_requested', workflow: requestClosure(workflow, request, closureReasons) };
  }
  if (!DIRECT_MOVES[workflow.state].includes(to)) {
    throw notAllowed(workflow.state, to, allowedTransitions(workflow.state, workflow.pendingClosure));
  }
  return { kind: 'moved', from: workflow.state, workflow: { ...workflow, state: to } };
}

/** Who decides on a closure. Same organisation and access to the case are the access module's checks. */
export interface ClosureDecider {
  readonly id: string;
  readonly roles: readonly string[];
}

/** The four-eyes rule: a supervisor, and not the person who asked. */
function pendingFor(workflow: CaseWorkflow, decider: ClosureDecider): PendingClosure {
  const pending = workflow.pendingClosure;
  if (pending === null) throw new CaseDomainError('CLOSURE_NOT_PENDING');
  if (pending.requestedBy === decider.id) throw new CaseDomainError('CLOSURE_SELF_DECISION');
  if (!decider.roles.includes(CLOSURE_DECIDER_ROLE)) {
    throw new CaseDomainError('CLOSURE_DECIDER_NOT_SUPERVISOR', { role: CLOSURE_DECIDER_ROLE });
  }
  return pending;
}

export interface ClosureDecision {
  readonly workflow: CaseWorkflow;
  /** The request decided on, for the audit row and the transition record. */
  readonly closure: PendingClosure;
}

/** Closes the case: the only way to reach 'closed'. */
export function approveClosure(workflow: CaseWorkflow, decider: ClosureDecider): ClosureDecision {
  const closure = pendingFor(workflow, decider);
  return { workflow: { state: 'closed', pendingClosure: null }, closure };
}

/** Leaves the case open where it was; the requester may ask again later. */
export function rejectClosure(workflow: CaseWorkflow, decider: ClosureDecider): ClosureDecision {
  const closure = pendingFor(workflow, decider);
  return { workflow: { state: workflow.state, pendingClosure: null }, closure };
}
