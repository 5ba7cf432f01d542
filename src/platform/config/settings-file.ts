import 'reflect-metadata';
import { ClassConstructor, plainToInstance, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsArray,
  IsObject,
  validateSync,
  ValidateNested,
  ValidationError,
} from 'class-validator';
import { parse } from 'yaml';
import { readConfigFile } from './config-file';

/**
 * The one loader of the YAML settings files of `config/` (cases.yaml, referrals.yaml, the access rules,
 * the catalogues, …). Each file declares its schema once, as a class-validator class whose decorators
 * carry the problem each setting reports ("referencePrefix must be 2 to 8 capital letters (A-Z)"); what
 * only start-up knows (the catalogues' keys, a rule language) is added per setting as `checks`. Every
 * problem names the setting, never a value it does not need to; the app refuses to start on any.
 * A setting may nest further settings: a mapping (`NestedSettings`), a list of mappings (`NestedList`) or
 * a mapping of free keys to mappings (`NestedMap`, declared a `Map`); their messages name the setting's
 * path with `$path`.
 */
export interface SettingsSchema<T extends object> {
  /**
   * The declared settings, in the order their problems are reported; a setting reports its first failed
   * decorator, the one nearest the property first.
   */
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
  /** The problem of an unknown top-level key, when it is worded otherwise. */
  readonly unknownKey?: (key: string, known: readonly string[]) => string;
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

/** Several property decorators as one (checked in the order given). */
export function allOf(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const d of decorators) d(target, key);
  };
}

/** A mapping of `type`'s settings; `message` (with `$path`) when it is not a mapping. */
export function NestedSettings(type: () => ClassConstructor<object>, message: string): PropertyDecorator {
  return allOf(IsObject({ message }), ValidateNested({ message }), Type(type));
}

/**
 * A list whose entries are mappings of `type`'s settings: `message` when it is not a list, `entry` (with
 * `$path`, "tables[1]") for an entry that is not a mapping.
 */
export function NestedList(
  type: () => ClassConstructor<object>,
  message: string,
  entry: string,
): PropertyDecorator {
  return allOf(IsArray({ message }), ValidateNested({ each: true, message: entry }), Type(type));
}

/**
 * A mapping of free keys (checked apart) to mappings of `type`'s settings; the property is declared a
 * `Map`. `message` (with `$path`) when it, or one of its entries, is not a mapping.
 */
export function NestedMap(type: () => ClassConstructor<object>, message: string): PropertyDecorator {
  return allOf(IsObject({ message }), ValidateNested({ each: true, message }), Type(type));
}

/** The declared settings of a schema class, in declaration order. */
export function settingNames(type: ClassConstructor<object>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/**
 * The message of one setting's first failed constraint, then its nested settings' (a nested key the
 * schema does not declare: "<setting>.<key> is not a setting"). A message names its setting's full path
 * with `$path` ("kinds.monthly.tables[0].sheet"): entries of a list are `[i]`, those of a mapping `.key`.
 */
function messagesOf(error: ValidationError, parent = '', inList = false): string[] {
  const path =
    parent === '' ? error.property : inList ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) return [`${path} is not a setting`];
  const first = Object.values(constraints)[0];
  return [
    ...(first === undefined ? [] : [first.replaceAll('$path', path)]),
    ...(error.children ?? []).flatMap((c) => messagesOf(c, path, Array.isArray(error.value))),
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
        schema.unknownKey
          ? schema.unknownKey(key, names)
          : (schema.listKnown ?? true)
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
