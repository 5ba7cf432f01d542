import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  Allow,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Min,
  MinLength,
} from 'class-validator';
import { displayConfigPath } from '../../platform/config';
import {
  allOf,
  loadSettingsFile,
  NestedList,
  NestedSettings,
  SettingsSchema,
} from '../../platform/config/settings-file';
import { FormDefinition, formProblems, QUESTION_KINDS } from './domain/form';

/** A form (or a version of it) that start-up refuses: the message names the file and the setting's path. */
export class FormsConfigError extends Error {
  override readonly name = 'FormsConfigError';
}

const KEY = /^[a-z][a-z0-9_]*$/;
const KEY_RULE = 'must be snake_case (a-z, 0-9, _)';
const key = (what: string): PropertyDecorator => Matches(KEY, { message: `${what} ${KEY_RULE}` });
const LABEL = '$path needs vi and en';

class LabelSettings {
  @allOf(IsString({ message: '$path must be a text' }), MinLength(1, { message: '$path must not be empty' }))
  vi!: string;

  @allOf(IsString({ message: '$path must be a text' }), MinLength(1, { message: '$path must not be empty' }))
  en!: string;
}

class OptionSettings {
  @key('$path')
  key!: string;

  @NestedSettings(() => LabelSettings, LABEL)
  label!: LabelSettings;
}

class ShowWhenSettings {
  @key('$path')
  question!: string;

  // An option key, a boolean or a number: checked against the question it looks at (formProblems).
  @IsOptional()
  @Allow()
  equals?: string | number | boolean;

  @IsOptional()
  @IsArray({ message: '$path must be a list' })
  in?: (string | number | boolean)[];
}

class ScaleLabelsSettings {
  @NestedSettings(() => LabelSettings, LABEL)
  min!: LabelSettings;

  @NestedSettings(() => LabelSettings, LABEL)
  max!: LabelSettings;
}

class QuestionSettings {
  @key('$path')
  key!: string;

  @IsIn(QUESTION_KINDS, { message: `$path must be one of ${QUESTION_KINDS.join(', ')}` })
  kind!: (typeof QUESTION_KINDS)[number];

  @NestedSettings(() => LabelSettings, LABEL)
  label!: LabelSettings;

  @IsOptional()
  @NestedSettings(() => LabelSettings, LABEL)
  help?: LabelSettings;

  @IsOptional()
  @NestedSettings(() => LabelSettings, LABEL)
  alert?: LabelSettings;

  @IsOptional()
  @IsBoolean({ message: '$path must be true or false' })
  required?: boolean;

  @IsOptional()
  @NestedSettings(() => ShowWhenSettings, '$path must be a mapping (question, equals or in)')
  showWhen?: ShowWhenSettings;

  @IsOptional()
  @NestedList(() => OptionSettings, '$path must be a list', '$path must be a mapping (key, label)')
  options?: OptionSettings[];

  @IsOptional()
  @IsNumber({}, { message: '$path must be a number' })
  min?: number;

  @IsOptional()
  @IsNumber({}, { message: '$path must be a number' })
  max?: number;

  @IsOptional()
  @NestedSettings(() => ScaleLabelsSettings, '$path must be a mapping (min, max)')
  labels?: ScaleLabelsSettings;
}

class SectionSettings {
  @key('$path')
  key!: string;

  @NestedSettings(() => LabelSettings, LABEL)
  title!: LabelSettings;

  @IsOptional()
  @key('$path')
  needsArea?: string;

  @ArrayNotEmpty({ message: '$path must list at least one question' })
  @NestedList(() => QuestionSettings, '$path must be a list', '$path must be a mapping')
  questions!: QuestionSettings[];
}

/** One version of a form, as written in config/forms/<key>/<version>.yaml. */
class FormSettings {
  @key('key')
  key!: string;

  @allOf(
    IsInt({ message: 'version must be a whole number' }),
    Min(1, { message: 'version must be 1 or more' }),
  )
  version!: number;

  @NestedSettings(() => LabelSettings, LABEL)
  title!: LabelSettings;

  @IsOptional()
  @NestedSettings(() => LabelSettings, LABEL)
  description?: LabelSettings;

  @ArrayNotEmpty({ message: 'sections must list at least one section' })
  @NestedList(() => SectionSettings, 'sections must be a list', '$path must be a mapping')
  sections!: SectionSettings[];
}

const FORM_SCHEMA: SettingsSchema<FormSettings> = { type: FormSettings };

/** A loaded version of a form and the file it came from ("config/forms/needs/1.yaml"). */
export interface LoadedForm {
  readonly file: string;
  readonly definition: FormDefinition;
}

const VERSION_FILE = /^([1-9][0-9]*)\.yaml$/;

/** Checks one version's file: its shape, then the form's rules; throws naming the file and every problem. */
export function loadFormFile(
  formsDir: string,
  formKey: string,
  fileName: string,
  needsAreas: readonly string[],
): LoadedForm {
  const fail = (message: string): Error => new FormsConfigError(message);
  const version = Number(VERSION_FILE.exec(fileName)?.[1]);
  const { file, settings } = loadSettingsFile(join(formsDir, formKey), fileName, FORM_SCHEMA, fail);
  const definition = settings as unknown as FormDefinition;
  const problems = formProblems(definition, { key: formKey, version, needsAreas });
  if (problems.length > 0) throw fail(`${file}: ${problems.join('; ')}`);
  return { file, definition };
}

/**
 * Every version of every form of `<configDir>/forms` (one folder per form, one `<version>.yaml` per
 * version), checked; start-up refuses any problem, naming the file and the setting.
 */
export function loadForms(configDirectory: string, needsAreas: readonly string[]): LoadedForm[] {
  const formsDir = join(configDirectory, 'forms');
  const shown = displayConfigPath(formsDir);
  let folders: string[];
  try {
    folders = readdirSync(formsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (e) {
    throw new FormsConfigError(`${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const out: LoadedForm[] = [];
  for (const formKey of folders) {
    if (!KEY.test(formKey))
      throw new FormsConfigError(`${shown}/${formKey}: a form's folder name ${KEY_RULE}`);
    const files = readdirSync(join(formsDir, formKey)).sort();
    const odd = files.find((f) => !VERSION_FILE.test(f));
    if (odd !== undefined) {
      throw new FormsConfigError(
        `${shown}/${formKey}/${odd}: a version's file is named <version>.yaml (1.yaml, 2.yaml…)`,
      );
    }
    if (files.length === 0) throw new FormsConfigError(`${shown}/${formKey}: has no version (1.yaml)`);
    for (const f of files) out.push(loadFormFile(formsDir, formKey, f, needsAreas));
  }
  return out;
}
