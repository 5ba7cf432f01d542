/**
 * Every topic that code may write to the outbox, with its payload: ids, keys and numbers only, never
 * personal data (docs/DESIGN.md §5). The worker refuses to start when a topic listed here has no handler.
 */
export interface EventPayloads {
  /** An end-to-end check of outbox → relay → Redis → worker, written by `npm run cli -- outbox:probe`. */
  'system.probe': { probeId: string };
  /** An admin asked to retry a dead letter (POST /api/v1/admin/jobs/failed/:id/retry): the worker re-enqueues it. */
  'dead_letter.retry_requested': { deadLetterId: string };
  /** A user was disabled: their sessions are already ended; their open cases go back to the queue. */
  'user.disabled': { userId: string; organizationId: string; actorId: string };
  /** A user's roles or organisation changed: the supervisors of the organisations concerned are told. */
  'user.roles_changed': { userId: string; organizationIds: string[]; actorId: string };
  /** An admin asked for an account change a supervisor must confirm: the confirmers are told. */
  'account_change.requested': {
    changeId: string;
    userId: string;
    organizationId: string;
    kind: string;
    requestedBy: string;
  };
  /** An account change was confirmed: the user and her organisation's supervisors are told. */
  'account_change.confirmed': { changeId: string; userId: string; organizationId: string; kind: string };
  /** An in-app notification was created: it goes out on the configured outside channel (e-mail), once. */
  'notification.created': { notificationId: string };
  /** A case was opened or re-assessed at a level that alerts the supervisors (high, critical). */
  'case.high_risk': { caseId: string; organizationId: string; reference: string; level: string };
  /**
   * config/cases.yaml routes the intake of this organisation type to an organisation that does not exist:
   * the case stayed in the caller's organisation and the admins are told to fix the routing.
   */
  'case.intake_unrouted': {
    caseId: string;
    organizationId: string;
    reference: string;
    organizationType: string;
  };
  /** Someone asked to close a case: the supervisors of its organisation are told (one of them decides). */
  'case.closure_requested': { caseId: string; organizationId: string; reference: string };
  /** A case was assigned or reassigned: the assignee is told. */
  'case.assigned': { caseId: string; organizationId: string; reference: string; assigneeId: string };
  /** A case went back to the unassigned queue (its assignee was disabled): the supervisors are told. */
  'case.unassigned': { caseId: string; organizationId: string; reference: string; userId: string };
  /** A counsellor used break-glass on a case: the supervisors of the organisation are told. */
  'break_glass.granted': {
    grantId: string;
    caseId: string;
    organizationId: string;
    userId: string;
    reference: string;
  };
  /** A protection measure was recorded: its decision deadline and expiry become follow-ups. */
  'protection_measure.recorded': { caseId: string; measureId: string; organizationId: string };
  /** A referral was sent: the recipient organisation's staff are told (and, on an override, the referring supervisors). */
  'referral.sent': {
    referralId: string;
    caseId: string;
    reference: string;
    providerId: string;
    recipientOrganizationId: string;
    referringOrganizationId: string;
    urgency: string;
    emergencyOverride: boolean;
    dueBy: string;
  };
  /** A referral was sent without consent under an emergency override: a supervisor reviews it. */
  'referral.emergency_override': {
    referralId: string;
    caseId: string;
    organizationId: string;
    reference: string;
    referredBy: string;
    dueBy: string;
  };
  /** A referral moved (accepted, declined, in_service, completed, not_completed, cancelled). */
  'referral.status_changed': {
    referralId: string;
    caseId: string;
    reference: string;
    referringOrganizationId: string;
    referredBy: string;
    status: string;
  };
  /** A follow-up came due (the scan): its assignee is reminded, or the supervisors while it has none. */
  'follow_up.due': {
    followUpId: string;
    caseId: string;
    organizationId: string;
    reference: string;
    kind: string;
    assigneeId: string | null;
    dueAt: string;
  };
  /** A follow-up is overdue by the configured time (the scan): the supervisors are told. */
  'follow_up.overdue': {
    followUpId: string;
    caseId: string;
    organizationId: string;
    reference: string;
    kind: string;
    assigneeId: string | null;
    dueAt: string;
  };
  /** A referral passed its dueBy still unanswered (the scan): the referring supervisors are told. */
  'referral.overdue': {
    referralId: string;
    caseId: string;
    reference: string;
    referringOrganizationId: string;
    recipientOrganizationId: string;
    dueBy: string;
  };
  /**
   * A transfer of a case between organisations was asked for, accepted, declined or cancelled: the other
   * side's supervisors (and the requester) are told, by reference only.
   */
  'case.transfer_changed': {
    transferId: string;
    caseId: string;
    reference: string;
    status: string;
    fromOrganizationId: string;
    toOrganizationId: string;
    requestedBy: string;
  };
  /** A manager or supervisor asked for a report (POST /api/v1/reports): the worker makes its file. */
  'report.requested': { reportRunId: string; organizationId: string };
}

export type EventTopic = keyof EventPayloads;

/**
 * Every topic, and for a topic whose handler comes with a later part of the product, which part: such
 * events are written now with their full payload and wait in the outbox (the relay does not claim them)
 * until that part's handler exists. Every other topic must have a handler or the worker does not start.
 */
export const TOPICS: Readonly<Record<EventTopic, { awaitingHandlerFrom?: string }>> = {
  'system.probe': {},
  'dead_letter.retry_requested': {},
  'user.disabled': {},
  'user.roles_changed': {},
  'account_change.requested': {},
  'account_change.confirmed': {},
  'notification.created': {},
  'case.high_risk': {},
  'case.closure_requested': {},
  'case.intake_unrouted': {},
  'case.assigned': {},
  'case.unassigned': {},
  'break_glass.granted': {},
  'protection_measure.recorded': {},
  'referral.sent': {},
  'referral.emergency_override': {},
  'follow_up.due': {},
  'follow_up.overdue': {},
  'referral.overdue': {},
  'referral.status_changed': {},
  'report.requested': {},
  'case.transfer_changed': {},
};

export const EVENT_TOPICS = Object.keys(TOPICS) as readonly EventTopic[];

/** What a handler receives: the outbox row's id, topic, payload and when it was written. */
export interface EventEnvelope<T extends EventTopic = EventTopic> {
  eventId: string;
  topic: T;
  payload: EventPayloads[T];
  occurredAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const KEY = /^[a-z][a-z0-9_.]{0,63}$/;
const REFERENCE = /^[A-Z]{2,8}-\d{4}-\d{6,}$/;

/**
 * A second line of defence behind the typed payloads: every string in a payload must look like an id,
 * a time, a catalogue key or a case reference. Free text, names and phone numbers are refused.
 */
export function assertIdsOnly(payload: unknown, path = 'payload'): void {
  if (payload === null || typeof payload === 'number' || typeof payload === 'boolean') return;
  if (typeof payload === 'string') {
    if (UUID.test(payload) || ISO_TIME.test(payload) || KEY.test(payload) || REFERENCE.test(payload)) return;
    throw new Error(`Outbox payload ${path} is not an id, time, key or reference`);
  }
  if (Array.isArray(payload)) {
    payload.forEach((v, i) => {
      assertIdsOnly(v, `${path}[${i}]`);
    });
    return;
  }
  if (typeof payload === 'object') {
    for (const [k, v] of Object.entries(payload as Record<string, unknown>)) assertIdsOnly(v, `${path}.${k}`);
    return;
  }
  throw new Error(`Outbox payload ${path} has an unsupported type`);
}
