import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { canonicalJson } from '../../platform/idempotency';
import type { FormDefinition } from './domain/form';
import { FormsConfigError, LoadedForm, loadForms } from './forms.config';
import { FormVersionRepository } from './repositories/form-version.repository';

/** The hash a version is recorded with: of its definition, not of its file's text (comments do not count). */
export function formHash(definition: FormDefinition): string {
  return createHash('sha256').update(canonicalJson(definition), 'utf8').digest('hex');
}

const id = (key: string, version: number): string => `${key}@${version}`;

/**
 * The forms (docs/ARCHITECTURE.md "Assessments as data"). At construction the files of config/forms are
 * checked (a bad one stops start-up); at module init every version is recorded in
 * assessment_form_versions the first time it is seen, and a version whose file no longer matches its
 * recorded definition stops start-up (a shipped version is never edited). Assessments are read with the
 * recorded definitions, so an old answer stays readable even when its version's file is gone.
 */
@Injectable()
export class FormsService implements OnModuleInit {
  private readonly files: LoadedForm[];
  private readonly recorded = new Map<string, FormDefinition>();

  constructor(
    @Inject(ENV) env: Env,
    catalogues: CatalogueService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly versions: FormVersionRepository,
  ) {
    this.files = loadForms(configDir(env.HAVEN_CONFIG_DIR), catalogues.keys('needs-areas'));
  }

  async onModuleInit(): Promise<void> {
    const hashed = this.files.map((f) => ({
      file: f.file,
      formKey: f.definition.key,
      version: f.definition.version,
      hash: formHash(f.definition),
      definition: f.definition,
    }));
    await this.versions.recordMissing(this.dataSource.manager, hashed);
    const recorded = await this.versions.all(this.dataSource.manager);
    const changed = hashed.filter((f) =>
      recorded.some((r) => r.formKey === f.formKey && r.version === f.version && r.hash !== f.hash),
    );
    if (changed.length > 0) {
      throw new FormsConfigError(
        changed
          .map(
            (f) =>
              `${f.file}: version ${f.version} of the form ${f.formKey} differs from the one shipped; a shipped ` +
              `version is never edited: restore it and make the change a new version (${f.version + 1}.yaml)`,
          )
          .join('; '),
      );
    }
    for (const r of recorded) this.recorded.set(id(r.formKey, r.version), r.definition);
  }

  /** The forms offered now: the newest version of each form of config/forms, by key. */
  current(): FormDefinition[] {
    const newest = new Map<string, FormDefinition>();
    for (const { definition: d } of this.files) {
      const prior = newest.get(d.key);
      if (!prior || prior.version < d.version) newest.set(d.key, d);
    }
    return [...newest.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** The newest version of a form, or undefined when config/forms has no such form. */
  newest(key: string): FormDefinition | undefined {
    return this.current().find((d) => d.key === key);
  }

  /**
   * Makes sure the definitions of these versions are at hand: a version recorded after this process
   * started (another instance of a newer release) is read from the table once.
   */
  async ensure(versions: readonly { formKey: string; formVersion: number }[]): Promise<void> {
    for (const v of versions) {
      if (this.recorded.has(id(v.formKey, v.formVersion))) continue;
      const found = await this.versions.find(this.dataSource.manager, v.formKey, v.formVersion);
      if (found) this.recorded.set(id(found.formKey, found.version), found.definition);
    }
  }

  /** Whether any version of the form was ever shipped. */
  knows(key: string): boolean {
    return [...this.recorded.values()].some((d) => d.key === key);
  }

  /** A version's definition as shipped (recorded), or undefined. */
  definition(key: string, version: number): FormDefinition | undefined {
    return this.recorded.get(id(key, version));
  }
}
