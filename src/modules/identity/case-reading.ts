import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { configDir, ENV, Env } from '../../platform/config';
import { caseReadingRoles } from './domain/case-reading-roles';
import { ADMIN_ROLE } from './domain/roles';
import { RoleCatalogue } from './role-catalogue';

/**
 * The roles that read cases, read once at start-up from config/access-rules.yaml (the access module's
 * own file: identity sits below access and may not import it, so it reads the data, not the code).
 */
@Injectable()
export class CaseReadingRoles {
  readonly roles: readonly string[];

  constructor(@Inject(ENV) env: Env, catalogue: RoleCatalogue) {
    const text = readFileSync(join(configDir(env.HAVEN_CONFIG_DIR), 'access-rules.yaml'), 'utf8');
    this.roles = caseReadingRoles(text, catalogue.keys());
  }

  /** The roles of the list that read cases. */
  among(roles: readonly string[]): string[] {
    return roles.filter((r) => this.roles.includes(r));
  }

  /**
   * The roles of the list that an admin may not give alone: the case-reading ones, and admin itself (an
   * admin made by an admin alone could confirm that admin's own requests as the "second admin").
   */
  needingConfirmation(roles: readonly string[]): string[] {
    return roles.filter((r) => r === ADMIN_ROLE || this.roles.includes(r));
  }
}
