/**
 * What the access rules look at: the user asking, the record asked about, and a few facts about the
 * record that live in other tables. Plain types; no Nest, no TypeORM.
 */

/** The user an access decision is about: the signed-in AuthUser fits. */
export interface AccessUser {
  id: string;
  roles: readonly string[];
  organizationId: string;
}

/**
 * The fields of a record the conditions may read. A resource descriptor maps each field the resource
 * has to a column of its table; a condition needing a field the resource does not map cannot be used in
 * an action on that resource (a start-up error).
 */
export const ACCESS_FIELDS = [
  /** the record's own id */
  'id',
  /** the case the record belongs to (for a case: its own id); break-glass grants are per case */
  'caseId',
  /** the organisation that holds the record */
  'organizationId',
  /** the one user the record belongs to (a notification's recipient) */
  'ownerId',
  /** the user the record is assigned to (a case's counsellor) */
  'assigneeId',
  /** the user who created the record */
  'createdBy',
  /** when the record was created (a case: when it was opened) */
  'createdAt',
  /** the workflow status; 'closed' ends it */
  'status',
  /** whether the record is restricted (docs/DESIGN.md §3: only the assignee and the named supervisors) */
  'restricted',
  /** the organisation a referral is addressed to */
  'recipientOrganizationId',
] as const;

export type AccessField = (typeof ACCESS_FIELDS)[number];

/**
 * A record as the in-memory check sees it: the owning module fills the fields its descriptor maps
 * (camelCase names, values as stored). A field left out or null never satisfies a condition.
 */
export interface AccessRecord {
  id?: string | null;
  caseId?: string | null;
  organizationId?: string | null;
  ownerId?: string | null;
  assigneeId?: string | null;
  createdBy?: string | null;
  createdAt?: Date | null;
  status?: string | null;
  restricted?: boolean | null;
  recipientOrganizationId?: string | null;
}

/** Facts about a (user, record) pair that live outside the record's row; loaded only when a rule needs them. */
export const ACCESS_FACTS = ['breakGlass', 'namedOnRecord', 'partnerOfRecord'] as const;
export type AccessFact = (typeof ACCESS_FACTS)[number];

export interface AccessFacts {
  /** The clock of the decision (the SQL filter uses the database's now()). */
  now: Date;
  /** The user holds an active break-glass grant for the record's case, in the record's organisation. */
  breakGlass: boolean;
  /** The user is named on the record (the resource's namedUsers table has a row for them). */
  namedOnRecord: boolean;
  /** The user's organisation is a partner of the record (the resource's partnerOrganizations table names it). */
  partnerOfRecord: boolean;
}

/** The answer of a single-record decision (docs/DESIGN.md §7). */
export type AccessDecision = 'allow' | 'deny_hidden' | 'deny_visible';
