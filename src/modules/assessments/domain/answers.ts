import {
  Answers,
  AnswerValue,
  FormDefinition,
  FormQuestion,
  questionsOf,
  shownQuestions,
  TEXT_ANSWER_MAX,
} from './form';

/** The first problem of the answers given, naming the question (never the value). */
export type AnswerProblem =
  | { readonly kind: 'unknown_question'; readonly question: string }
  | { readonly kind: 'invalid_answer'; readonly question: string; readonly expected: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDay(v: string): boolean {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/**
 * What an answer to the question must be, in a notation that reads the same in Vietnamese and English
 * (the message around it is localised): "ok | low", "[a, b, c]", "0–4", "true | false", "YYYY-MM-DD",
 * "0–30", "≤ 4000".
 */
export function expectedOf(q: FormQuestion): string {
  const keys = (q.options ?? []).map((o) => o.key);
  switch (q.kind) {
    case 'choice':
      return keys.join(' | ');
    case 'choices':
      return `[${keys.join(', ')}]`;
    case 'scale':
      return `${String(q.min ?? 0)}–${String(q.max ?? 0)}`;
    case 'yes_no':
      return 'true | false';
    case 'date':
      return 'YYYY-MM-DD';
    case 'number':
      return `${q.min === undefined ? '' : String(q.min)}–${q.max === undefined ? '' : String(q.max)}`;
    case 'text':
      return `≤ ${String(TEXT_ANSWER_MAX)}`;
  }
}

function valid(q: FormQuestion, v: unknown): v is AnswerValue {
  const keys = (q.options ?? []).map((o) => o.key);
  switch (q.kind) {
    case 'choice':
      return typeof v === 'string' && keys.includes(v);
    case 'choices':
      return (
        Array.isArray(v) &&
        v.every((x) => typeof x === 'string' && keys.includes(x)) &&
        new Set(v).size === v.length
      );
    case 'scale':
      return typeof v === 'number' && Number.isInteger(v) && v >= (q.min ?? 0) && v <= (q.max ?? 0);
    case 'yes_no':
      return typeof v === 'boolean';
    case 'date':
      return typeof v === 'string' && isDay(v);
    case 'number':
      return (
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (q.min === undefined || v >= q.min) &&
        (q.max === undefined || v <= q.max)
      );
    case 'text':
      return typeof v === 'string' && v.length <= TEXT_ANSWER_MAX;
  }
}

/**
 * Checks a draft's answers against the form: every key a question of it, every value of the question's
 * kind (option keys, ranges, dates). null, an empty text and an empty list mean "no answer" and are left
 * out. Answers to hidden questions are kept in a draft (a changed answer may show them again).
 */
export function checkAnswers(
  form: FormDefinition,
  raw: Readonly<Record<string, unknown>>,
): { ok: true; answers: Answers } | { ok: false; problem: AnswerProblem } {
  const byKey = new Map(questionsOf(form).map((q) => [q.key, q]));
  const answers: Record<string, AnswerValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const q = byKey.get(key);
    if (!q) return { ok: false, problem: { kind: 'unknown_question', question: key } };
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (!valid(q, value)) {
      return { ok: false, problem: { kind: 'invalid_answer', question: key, expected: expectedOf(q) } };
    }
    answers[key] = value;
  }
  return { ok: true, answers };
}

/**
 * A completion: the answers of hidden questions dropped, and the required questions shown that have no
 * answer (in the form's order).
 */
export function completion(form: FormDefinition, answers: Answers): { answers: Answers; missing: string[] } {
  // A hidden question's answer never shows another (shownQuestions looks only at shown ones): dropping
  // them changes nothing that is shown.
  const shown = shownQuestions(form, answers);
  const kept: Record<string, AnswerValue> = {};
  for (const [k, v] of Object.entries(answers)) if (shown.has(k)) kept[k] = v;
  const missing = questionsOf(form)
    .filter((q) => q.required === true && shown.has(q.key) && kept[q.key] === undefined)
    .map((q) => q.key);
  return { answers: kept, missing };
}

/** The free-text answers apart (stored encrypted) from the coded ones (stored in clear). */
export function splitAnswers(
  form: FormDefinition,
  answers: Answers,
): { coded: Record<string, AnswerValue>; texts: Record<string, string> } {
  const textKeys = new Set(
    questionsOf(form)
      .filter((q) => q.kind === 'text')
      .map((q) => q.key),
  );
  const coded: Record<string, AnswerValue> = {};
  const texts: Record<string, string> = {};
  for (const [k, v] of Object.entries(answers)) {
    if (textKeys.has(k) && typeof v === 'string') texts[k] = v;
    else coded[k] = v;
  }
  return { coded, texts };
}
