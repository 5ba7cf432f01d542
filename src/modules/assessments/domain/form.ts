/**
 * An assessment form as data (config/forms/<key>/<version>.yaml; docs/ARCHITECTURE.md "Assessments as
 * data"): sections of questions, each of one kind, required or not, shown only when another answer has a
 * value. Plain rules, no framework: the loader checks a file's shape with class-validator and then these
 * rules; the answers are checked against the definition of the version they were given in.
 */

export const QUESTION_KINDS = ['choice', 'choices', 'scale', 'yes_no', 'date', 'number', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface Label {
  readonly vi: string;
  readonly en: string;
}

export interface FormOption {
  readonly key: string;
  readonly label: Label;
}

/** One value of an answer that a condition compares with: an option key, a boolean or a number. */
export type ConditionValue = string | number | boolean;

/** Shown when the answer to `question` equals the value (for `choices`: includes it), or is one of `in`. */
export interface ShowWhen {
  readonly question: string;
  readonly equals?: ConditionValue;
  readonly in?: readonly ConditionValue[];
}

export interface FormQuestion {
  readonly key: string;
  readonly kind: QuestionKind;
  readonly label: Label;
  readonly help?: Label;
  /** A warning shown with the question whenever it is shown (a risk path's next step). */
  readonly alert?: Label;
  readonly required?: boolean;
  readonly showWhen?: ShowWhen;
  /** choice and choices. */
  readonly options?: readonly FormOption[];
  /** scale (both, whole numbers) and number (either). */
  readonly min?: number;
  readonly max?: number;
  /** scale: what its ends mean. */
  readonly labels?: { readonly min: Label; readonly max: Label };
}

export interface FormSection {
  readonly key: string;
  readonly title: Label;
  /** A key of config/catalogues/needs-areas.yaml when the section assesses one needs area. */
  readonly needsArea?: string;
  readonly questions: readonly FormQuestion[];
}

export interface FormDefinition {
  readonly key: string;
  readonly version: number;
  readonly title: Label;
  readonly description?: Label;
  readonly sections: readonly FormSection[];
}

/** The longest free-text answer. */
export const TEXT_ANSWER_MAX = 4000;

/** Every question of a form, in document order. */
export function questionsOf(form: FormDefinition): FormQuestion[] {
  return form.sections.flatMap((s) => s.questions);
}

/** The problems of a condition's value for the question it looks at (empty when it can hold). */
function conditionValueProblems(target: FormQuestion, value: ConditionValue): string[] {
  switch (target.kind) {
    case 'choice':
    case 'choices':
      return typeof value === 'string' && (target.options ?? []).some((o) => o.key === value)
        ? []
        : [`must be an option key of ${target.key}`];
    case 'yes_no':
      return typeof value === 'boolean' ? [] : ['must be true or false'];
    case 'scale':
    case 'number':
      return typeof value === 'number' ? [] : ['must be a number'];
    case 'date':
    case 'text':
      return [`cannot look at ${target.key} (a ${target.kind} question)`];
  }
}

/**
 * The rules of a form beyond each field's shape, as "<path> <problem>" messages: the file's key and
 * version, unique keys, options where (and only where) a kind has them, ranges, conditions on an earlier
 * question with a value it can hold, needs areas of the catalogue.
 */
export function formProblems(
  form: FormDefinition,
  expected: { key: string; version: number; needsAreas: readonly string[] },
): string[] {
  const problems: string[] = [];
  if (form.key !== expected.key) problems.push(`key must be the folder's name (${expected.key})`);
  if (form.version !== expected.version) {
    problems.push(`version must be the file's number (${expected.version})`);
  }
  const sections = new Set<string>();
  const earlier = new Map<string, FormQuestion>();
  form.sections.forEach((s, si) => {
    const sp = `sections[${si}]`;
    if (sections.has(s.key)) problems.push(`${sp}.key ${s.key} appears twice`);
    sections.add(s.key);
    if (s.needsArea !== undefined && !expected.needsAreas.includes(s.needsArea)) {
      problems.push(`${sp}.needsArea must be a key of config/catalogues/needs-areas.yaml`);
    }
    s.questions.forEach((q, qi) => {
      const qp = `${sp}.questions[${qi}]`;
      if (earlier.has(q.key)) problems.push(`${qp}.key ${q.key} appears twice in the form`);
      problems.push(...questionProblems(q, qp, earlier));
      earlier.set(q.key, q);
    });
  });
  return problems;
}

function questionProblems(q: FormQuestion, qp: string, earlier: Map<string, FormQuestion>): string[] {
  const problems: string[] = [];
  const hasOptions = q.kind === 'choice' || q.kind === 'choices';
  if (hasOptions) {
    const keys = (q.options ?? []).map((o) => o.key);
    if (keys.length < 2)
      problems.push(`${qp}.options must list at least two options for a ${q.kind} question`);
    const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (twice.length > 0) problems.push(`${qp}.options key ${twice[0]} appears twice`);
  } else if (q.options !== undefined) {
    problems.push(`${qp}.options is only for choice and choices questions`);
  }
  if (q.kind === 'scale') {
    if (!Number.isInteger(q.min) || !Number.isInteger(q.max) || (q.min ?? 0) >= (q.max ?? 0)) {
      problems.push(`${qp} a scale needs whole numbers min < max`);
    }
  } else if (q.kind === 'number') {
    if (q.min !== undefined && q.max !== undefined && q.min > q.max)
      problems.push(`${qp}.min must not exceed max`);
  } else if (q.min !== undefined || q.max !== undefined) {
    problems.push(`${qp}.min and max are only for scale and number questions`);
  }
  if (q.labels !== undefined && q.kind !== 'scale') problems.push(`${qp}.labels is only for scale questions`);
  if (q.showWhen) {
    const w = q.showWhen;
    const target = earlier.get(w.question);
    if (!target) {
      problems.push(`${qp}.showWhen.question must name an earlier question of the form`);
    } else if ((w.equals === undefined) === (w.in === undefined)) {
      problems.push(`${qp}.showWhen needs exactly one of equals and in`);
    } else {
      const values = w.equals !== undefined ? [w.equals] : (w.in ?? []);
      if (values.length === 0) problems.push(`${qp}.showWhen.in must not be empty`);
      for (const v of values) {
        for (const p of conditionValueProblems(target, v)) problems.push(`${qp}.showWhen value ${p}`);
      }
    }
  }
  return problems;
}

/** An answer value as stored and sent: an option key, option keys, a number, a boolean, a date or text. */
export type AnswerValue = string | number | boolean | readonly string[];
export type Answers = Readonly<Record<string, AnswerValue>>;

function matches(answer: AnswerValue | undefined, value: ConditionValue): boolean {
  if (answer === undefined) return false;
  if (Array.isArray(answer)) return answer.includes(value);
  return answer === value;
}

/**
 * The keys of the questions shown with these answers: a question without a condition always; one with a
 * condition when the question it looks at is shown and its answer matches (a chain hides together).
 */
export function shownQuestions(form: FormDefinition, answers: Answers): Set<string> {
  const shown = new Set<string>();
  for (const q of questionsOf(form)) {
    const w = q.showWhen;
    if (!w) {
      shown.add(q.key);
      continue;
    }
    if (!shown.has(w.question)) continue;
    const a = answers[w.question];
    const values = w.equals !== undefined ? [w.equals] : (w.in ?? []);
    if (values.some((v) => matches(a, v))) shown.add(q.key);
  }
  return shown;
}
