import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Logger } from 'pino';
import { ACCESS_DECISION, AccessDecision } from '../../platform/http';
import { PINO } from '../../platform/logging';
import { ACCESS_POLICY } from './access-policy.loader';
import { AccessPolicy } from './domain/policy';
import { AccessRulesError, resourceOf } from './domain/rules';

/**
 * Runs once every module has registered its resources (their onModuleInit has run):
 * - an action on a resource that no module registered and that the rule file does not list as pending
 *   stops the app (a misspelt resource would otherwise never be checked);
 * - a route whose @Policy names an action the rule file does not have stops the app.
 */
@Injectable()
export class AccessStartupCheck implements OnApplicationBootstrap {
  constructor(
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    @Inject(PINO) private readonly logger: Logger,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const { file, pending, actions } = this.policy.rules;
    for (const resource of this.policy.unregisteredResources()) {
      const on = [...actions.keys()].filter((a) => resourceOf(a) === resource);
      if (!pending.has(resource)) {
        throw new AccessRulesError(
          `${file}: action '${on[0] ?? resource}' is on resource '${resource}', which no module registers ` +
            `(a misspelt resource, or one to list under pending until its module is built)`,
        );
      }
      this.logger.info(
        { resource, actions: on.length },
        'access rules wait for their resource module (pending)',
      );
    }
    for (const resource of pending) {
      if (this.policy.descriptor(resource)) {
        this.logger.warn({ resource }, `access resource is registered: remove it from pending in ${file}`);
      }
    }
    for (const { where, action } of this.policyRoutes()) {
      if (!this.policy.hasAction(action)) {
        throw new AccessRulesError(
          `${where}: @Policy('${action}') names an action that ${file} does not have`,
        );
      }
    }
  }

  private policyRoutes(): { where: string; action: string }[] {
    const found: { where: string; action: string }[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance: unknown = wrapper.instance;
      const metatype = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!instance || typeof instance !== 'object' || !metatype) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      const onClass = this.reflector.get<AccessDecision | undefined>(ACCESS_DECISION, metatype);
      if (onClass?.kind === 'policy') found.push({ where: metatype.name, action: onClass.action });
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const decision = this.reflector.get<AccessDecision | undefined>(ACCESS_DECISION, handler);
        if (decision?.kind === 'policy')
          found.push({ where: `${metatype.name}.${name}`, action: decision.action });
      }
    }
    return found;
  }
}
