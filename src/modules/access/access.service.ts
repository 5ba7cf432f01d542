import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { AuditService } from '../audit';
import { AccessFactRepository } from './access-fact.repository';
import { ACCESS_POLICY } from './access-policy.loader';
import { BreakGlassGrant, BreakGlassRequest, BreakGlassService } from './break-glass.service';
import { AccessDecision, AccessFacts, AccessRecord, AccessUser } from './domain/access-record';
import { AccessPolicy } from './domain/policy';
import { ResourceDescriptor } from './domain/resource-descriptor';
import { resourceOf } from './domain/rules';
import { NamedParams, PositionalParams, Queryable, SqlValue } from '../../platform/database';

/** A WHERE-clause fragment and its values, placeholders $n… (node-postgres, manager.query). */
export interface AccessFilter {
  sql: string;
  params: SqlValue[];
}

/** The same with :named placeholders, for TypeORM's QueryBuilder (`qb.andWhere(f.sql, f.params)`). */
export interface NamedAccessFilter {
  sql: string;
  params: Record<string, SqlValue>;
}

export interface AccessOptions {
  /** The caller's transaction: the decision sees what it has written (break-glass grants, names). */
  manager?: Queryable;
}

/**
 * The one place where "may this user do this to this record" is decided (docs/DESIGN.md §7), from the rules
 * in config/access-rules.yaml: `can` for one record, `assert` to refuse (404 or 403) and audit, `filter`
 * for lists and searches (the same rules compiled to SQL).
 */
@Injectable()
export class AccessService {
  constructor(
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly breakGlass: BreakGlassService,
    private readonly facts: AccessFactRepository,
  ) {}

  /**
   * Registers the descriptor of a resource this module owns: call it from the owning module's
   * constructor or onModuleInit. Every action on the resource is checked against it at once; a condition
   * needing a column it does not describe throws (the app does not start).
   */
  registerResource(descriptor: ResourceDescriptor): void {
    this.policy.register(descriptor);
  }

  /** Whether the action exists in the rule file (for start-up checks of callers). */
  hasAction(action: string): boolean {
    return this.policy.hasAction(action);
  }

  /**
   * allow, deny_hidden (the user may not even read the record: answer 404) or deny_visible (answer 403).
   * `record` is undefined for an action on no record yet (creating one). An action missing from the rule
   * file, or on a resource no module registered, is a programming error and throws.
   */
  async can(
    user: AccessUser,
    action: string,
    record: AccessRecord | undefined,
    opts: AccessOptions = {},
  ): Promise<AccessDecision> {
    const facts = await this.loadFacts(user, action, record, opts.manager);
    return this.policy.decide(user, action, record, facts);
  }

  /**
   * Passes when allowed; otherwise audits the refusal (access.denied, the action as reason code) and
   * throws DomainError NOT_FOUND (hidden) or FORBIDDEN (visible). The audit row is written in its own
   * transaction: the caller's transaction rolls back with the error, the record of the refusal must not.
   */
  async assert(
    user: AccessUser,
    action: string,
    record: AccessRecord | undefined,
    opts: AccessOptions & { actor?: Actor } = {},
  ): Promise<void> {
    const decision = await this.can(user, action, record, opts);
    if (decision === 'allow') return;
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'access.denied',
        outcome: 'denied',
        actor: opts.actor?.user ?? {
          id: user.id,
          roles: [...user.roles],
          organizationId: user.organizationId,
        },
        entityType: resourceOf(action),
        entityId: record?.id ?? undefined,
        caseId: record?.caseId ?? undefined,
        reasonCode: action,
        requestId: opts.actor?.requestId,
      }),
    );
    throw new DomainError(decision === 'deny_hidden' ? 'NOT_FOUND' : 'FORBIDDEN');
  }

  /**
   * The action's rules as a boolean SQL condition over `resource`'s table, to AND into a list's or a
   * search's WHERE clause: the rows it keeps are exactly those `can` allows. Columns are qualified with
   * the descriptor's alias unless `alias` is given; placeholders start at `$firstParam` (default 1).
   */
  filter(
    user: AccessUser,
    action: string,
    resource: string,
    opts: { alias?: string; firstParam?: number } = {},
  ): AccessFilter {
    this.checkResource(action, resource);
    const params = new PositionalParams(opts.firstParam ?? 1);
    const sql = this.policy.compile(user, action, params, opts.alias);
    return { sql, params: params.values };
  }

  /** filter() with :named placeholders (`:access_0`…; another prefix when a query needs two filters). */
  filterNamed(
    user: AccessUser,
    action: string,
    resource: string,
    opts: { alias?: string; prefix?: string } = {},
  ): NamedAccessFilter {
    this.checkResource(action, resource);
    const params = new NamedParams(opts.prefix ?? 'access');
    const sql = this.policy.compile(user, action, params, opts.alias);
    return { sql, params: params.values };
  }

  /**
   * Grants break-glass in the caller's transaction (BreakGlassService.grant): 4 hours, reason of at least
   * 20 characters (encrypted), refused across organisations and on a restricted case; audited. The case
   * module asserts 'case.break_glass' first (a case the user may not see answers 404) and writes its own
   * event for the supervisors.
   */
  grantBreakGlass(manager: EntityManager, req: BreakGlassRequest): Promise<BreakGlassGrant> {
    return this.breakGlass.grant(manager, req);
  }

  /** The user's active break-glass grant for the case, if any. */
  activeGrant(userId: string, caseId: string, opts: AccessOptions = {}): Promise<BreakGlassGrant | null> {
    return this.breakGlass.activeGrant(userId, caseId, opts);
  }

  private checkResource(action: string, resource: string): void {
    if (resourceOf(action) !== resource) {
      throw new Error(`access filter: action '${action}' is not an action on resource '${resource}'`);
    }
  }

  /** Loads only the facts a rule could still turn on (most decisions need none). */
  private async loadFacts(
    user: AccessUser,
    action: string,
    record: AccessRecord | undefined,
    manager: Queryable | undefined,
  ): Promise<AccessFacts> {
    const now = new Date();
    const facts: AccessFacts = { now, breakGlass: false, namedOnRecord: false, partnerOfRecord: false };
    const needed = this.policy.factsNeeded(user, action, record, now);
    if (needed.size === 0 || !record) return facts;
    if (needed.has('breakGlass') && record.caseId && record.organizationId) {
      facts.breakGlass = await this.breakGlass.isActive(user.id, record.caseId, record.organizationId, {
        manager,
      });
    }
    const named = this.policy.descriptor(resourceOf(action))?.namedUsers;
    if (needed.has('namedOnRecord') && named && record.id) {
      facts.namedOnRecord = await this.facts.isNamedOn(
        manager ?? this.dataSource.manager,
        named,
        record.id,
        user.id,
      );
    }
    const partners = this.policy.descriptor(resourceOf(action))?.partnerOrganizations;
    if (needed.has('partnerOfRecord') && partners && record.id) {
      facts.partnerOfRecord = await this.facts.isPartnerOf(
        manager ?? this.dataSource.manager,
        partners,
        record.id,
        user.organizationId,
      );
    }
    return facts;
  }
}
