import { Injectable } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { RoleTraits } from './domain/roles';

/**
 * The roles catalogue (config/catalogues/roles.yaml) with its traits, checked at start-up: every role
 * must say whether it reads cases and whether it reads personal data, and admin and auditor must exist.
 */
@Injectable()
export class RoleCatalogue {
  readonly roles: readonly RoleTraits[];

  constructor(catalogues: CatalogueService) {
    const items = catalogues.get('roles')?.items ?? [];
    this.roles = items.map((item) => {
      if (typeof item.readsCases !== 'boolean' || typeof item.personalData !== 'boolean') {
        throw new Error(
          `config/catalogues/roles.yaml: ${item.key} must say readsCases and personalData (true or false)`,
        );
      }
      return { key: item.key, readsCases: item.readsCases, personalData: item.personalData };
    });
    for (const required of ['admin', 'auditor']) {
      if (!this.roles.some((r) => r.key === required))
        throw new Error(`config/catalogues/roles.yaml: the ${required} role is missing`);
    }
  }

  keys(): string[] {
    return this.roles.map((r) => r.key);
  }
}
