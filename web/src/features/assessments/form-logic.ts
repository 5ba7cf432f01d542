import type { components } from '../../api/schema';

type S = components['schemas'];
export type FormDefinition = S['FormDefinitionDto'];
export type FormQuestion = S['FormQuestionDto'];
export type AnswerValue = string | number | boolean | string[];
export type Answers = Record<string, AnswerValue>;

/** Every question of a form, in document order. */
export function questionsOf(form: FormDefinition): FormQuestion[] {
  return form.sections.flatMap((s) => s.questions);
}

function matches(answer: AnswerValue | undefined, value: string | number | boolean): boolean {
  if (answer === undefined) return false;
  if (Array.isArray(answer)) return answer.includes(value as string);
  return answer === value;
}

/**
 * The questions shown with these answers, as the API decides them (src/modules/assessments/domain/form.ts):
 * without a condition always; with one when the question it looks at is shown and its answer matches.
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
    const values = w.equals !== undefined ? [w.equals] : (w.in ?? []);
    if (values.some((v) => matches(answers[w.question], v))) shown.add(q.key);
  }
  return shown;
}

/** Whether an answer is given (an empty text or list is none). */
export function answered(v: AnswerValue | undefined): boolean {
  return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
}

/** The required questions shown without an answer, in the form's order. */
export function missingRequired(form: FormDefinition, answers: Answers): string[] {
  const shown = shownQuestions(form, answers);
  return questionsOf(form)
    .filter((q) => q.required === true && shown.has(q.key) && !answered(answers[q.key]))
    .map((q) => q.key);
}

/** The answers to send: only those given (the API takes the draft's answers as a whole). */
export function answersToSend(answers: Answers): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => answered(v)));
}
