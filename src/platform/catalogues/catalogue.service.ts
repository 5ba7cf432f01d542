import { Inject, Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { configDir } from '../config/app-root';
import { ENV } from '../config/env.module';
import { Env } from '../config/env.schema';
import { DomainError } from '../http/domain-error';
import { Catalogue, CatalogueItem, loadCatalogues, RiskQuestion, RiskQuestionnaire } from './catalogue';

/** The catalogues the product needs at start-up; a missing one stops the app. */
export const REQUIRED_CATALOGUES = [
  'age-groups',
  'sexes',
  'channels',
  'call-categories',
  'call-outcomes',
  'violence-types',
  'dv-acts',
  'organization-types',
  'roles',
  'notification-types',
  'relationships',
  'place-types',
  'risk-questionnaire',
  'closure-reasons',
  'services',
  'protection-measures',
  'consent-purposes',
  'consent-methods',
  'consent-givers',
  'shared-fields',
  'marital-statuses',
  'occupation-groups',
  'referral-urgencies',
  'follow-up-kinds',
  'follow-up-outcomes',
  'activity-kinds',
  'activity-audiences',
  'denominator-keys',
  'document-kinds',
  'needs-areas',
] as const;

/**
 * Domain catalogues as data (config/catalogues/*.yaml), loaded and checked once at start-up: a malformed
 * file stops the app with the file and the problem named.
 */
@Injectable()
export class CatalogueService {
  private readonly catalogues: Map<string, Catalogue>;

  constructor(@Inject(ENV) env: Env) {
    this.catalogues = loadCatalogues(join(configDir(env.HAVEN_CONFIG_DIR), 'catalogues'));
    const missing = REQUIRED_CATALOGUES.filter((n) => !this.catalogues.has(n));
    if (missing.length) throw new Error(`config/catalogues is missing ${missing.join(', ')}`);
  }

  names(): string[] {
    return [...this.catalogues.keys()];
  }

  /** Every catalogue, by name. */
  all(): Catalogue[] {
    return [...this.catalogues.values()];
  }

  get(name: string): Catalogue | undefined {
    return this.catalogues.get(name);
  }

  keys(name: string): string[] {
    return (this.catalogues.get(name)?.items ?? []).map((i) => i.key);
  }

  has(name: string, key: string): boolean {
    return this.keys(name).includes(key);
  }

  /**
   * The one catalogue-key check of a command's input: 400 UNKNOWN_CATALOGUE_KEY naming the field and the
   * keys allowed. `undefined` passes (an optional field left out).
   */
  assertKey(name: string, value: string | undefined, field: string): void {
    if (value === undefined || this.has(name, value)) return;
    const allowed = this.keys(name);
    throw new DomainError('UNKNOWN_CATALOGUE_KEY', { field, allowed: allowed.join(', ') }, { allowed });
  }

  item(name: string, key: string): CatalogueItem | undefined {
    return this.catalogues.get(name)?.items.find((i) => i.key === key);
  }

  /** The risk questionnaire, whose shape the loader checked (item types, weights, levels from 0 up). */
  riskQuestionnaire(): RiskQuestionnaire {
    const cat = this.catalogues.get('risk-questionnaire');
    if (!cat?.levels) throw new Error('config/catalogues/risk-questionnaire.yaml is missing');
    return { items: cat.items as RiskQuestion[], levels: cat.levels };
  }
}
