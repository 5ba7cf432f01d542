import 'reflect-metadata';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { parse } from 'yaml';
import { readConfigFile } from './config-file';

/**
 * The one loader of the YAML settings files of `config/` (cases.yaml, referrals.yaml, the access rules,
 * the catalogues, …). Each file declares its schema once, as a class-validator class whose decorators
 * carry the problem each setting reports ("referencePrefix must be 2 to 8 capital letters (A-Z)"); what
 * only start-up knows (the catalogues' keys, a rule language) is added per setting as `checks`. Every
 * problem names the setting, never a value it does not need to; the app refuses to start on any.
 */
export interface SettingsSchema<T extends object> {
  /** The declared settings, in the order their problems are reported. */
  readonly type: ClassConstructor<T>;
  /**
   * Further checks of a setting (run after its declared ones): each returns its problems. They see the
   * setting's raw value (undefined when absent) and the whole document.
   */
  readonly checks?: { readonly [K in keyof T]?: (value: unknown, doc: Record<string, unknown>) => string[] };
  /** The problem of a document that is not a mapping (default 'the file must be a mapping'). */
  readonly notAMapping?: string;
  /** Whether unknown top-level keys are refused (default true): "<key> is not a setting (<known>)". */
  readonly refuseUnknown?: boolean;
  /** Whether that problem lists the known settings (default true). */
  readonly listKnown?: boolean;
}

/** A YAML text read, or the one problem of a text that is not YAML. */
export type YamlRead =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/** Parses YAML text; its problem is "not valid YAML (<the parser's first line>)". */
export function readYaml(text: string): YamlRead {
  try {
    return { ok: true, value: parse(text) as unknown };
  } catch (e) {
    return { ok: false, problem: `not valid YAML (${(e as Error).message.split('\n')[0] ?? 'parse error'})` };
  }
}

/** The declared settings of a schema class, in declaration order. */
export function settingNames(type: ClassConstructor<object>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/**
 * The message of one setting's first failed constraint, then its nested settings' (a nested key the
 * schema does not declare: "<setting>.<key> is not a setting").
 */
function messagesOf(error: ValidationError, path = ''): string[] {
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) return [`${path}${error.property} is not a setting`];
  const first = Object.values(constraints)[0];
  return [
    ...(first === undefined ? [] : [first]),
    ...(error.children ?? []).flatMap((c) => messagesOf(c, `${path}${error.property}.`)),
  ];
}

export interface SettingsCheck<T> {
  /** Every problem of the text, in the schema's order; empty when none. */
  readonly problems: string[];
  /** The checked settings when there is no problem. */
  readonly settings: T | undefined;
}

/** Checks one settings text against its schema: every problem, each naming its setting. */
export function checkSettings<T extends object>(text: string, schema: SettingsSchema<T>): SettingsCheck<T> {
  const read = readYaml(text);
  if (!read.ok) return { problems: [read.problem], settings: undefined };
  return checkSettingsValue(read.value, schema);
}

/** As checkSettings, for a document already parsed. */
export function checkSettingsValue<T extends object>(
  raw: unknown,
  schema: SettingsSchema<T>,
): SettingsCheck<T> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [schema.notAMapping ?? 'the file must be a mapping'], settings: undefined };
  }
  const doc = raw as Record<string, unknown>;
  const names = settingNames(schema.type);
  const problems: string[] = [];
  if (schema.refuseUnknown ?? true) {
    for (const key of Object.keys(doc)) {
      if (names.includes(key)) continue;
      problems.push(
        (schema.listKnown ?? true)
          ? `${key} is not a setting (${names.join(', ')})`
          : `${key} is not a setting`,
      );
    }
  }
  // Unknown nested keys are refused by the whitelist; the top level's are reported above, with the list.
  const errors = validateSync(plainToInstance(schema.type, doc), {
    stopAtFirstError: true,
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  const checks = (schema.checks ?? {}) as Record<
    string,
    ((value: unknown, doc: Record<string, unknown>) => string[]) | undefined
  >;
  for (const name of names) {
    for (const e of errors.filter((x) => x.property === name)) problems.push(...messagesOf(e));
    const check = checks[name];
    if (check) problems.push(...check(doc[name], doc));
  }
  return problems.length > 0 ? { problems, settings: undefined } : { problems, settings: doc as T };
}

/** The checked settings of a text; `fail("<file>: <problem>; <problem>…")` otherwise. */
export function parseSettings<T extends object>(
  file: string,
  text: string,
  schema: SettingsSchema<T>,
  fail: (message: string) => Error,
): T {
  const { problems, settings } = checkSettings(text, schema);
  if (settings === undefined) throw fail(`${file}: ${problems.join('; ')}`);
  return settings;
}

/**
 * Reads `<dir>/<fileName>` and checks it against its schema; any problem (or a file that cannot be
 * read) throws `fail(message)` naming the file as the messages show it ("config/cases.yaml").
 */
export function loadSettingsFile<T extends object>(
  dir: string,
  fileName: string,
  schema: SettingsSchema<T>,
  fail: (message: string) => Error,
): { file: string; settings: T } {
  const { file, text } = readConfigFile(dir, fileName, fail);
  return { file, settings: parseSettings(file, text, schema, fail) };
}
