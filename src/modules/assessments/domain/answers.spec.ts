import { checkAnswers, completion, splitAnswers } from './answers';
import { FormDefinition, formProblems, shownQuestions } from './form';

const L = { vi: 'x', en: 'x' };
const opts = (...keys: string[]) => keys.map((key) => ({ key, label: L }));

const FORM: FormDefinition = {
  key: 'demo',
  version: 1,
  title: L,
  sections: [
    {
      key: 's',
      title: L,
      questions: [
        { key: 'mood', kind: 'choice', label: L, required: true, options: opts('ok', 'low') },
        { key: 'signs', kind: 'choices', label: L, options: opts('a', 'b', 'c') },
        { key: 'level', kind: 'scale', label: L, min: 0, max: 4 },
        { key: 'hurt', kind: 'yes_no', label: L, required: true },
        {
          key: 'plan',
          kind: 'yes_no',
          label: L,
          required: true,
          showWhen: { question: 'hurt', equals: true },
        },
        {
          key: 'steps',
          kind: 'choices',
          label: L,
          required: true,
          options: opts('x', 'y'),
          showWhen: { question: 'plan', equals: true },
        },
        { key: 'why', kind: 'text', label: L, showWhen: { question: 'signs', in: ['b', 'c'] } },
        { key: 'when', kind: 'date', label: L },
        { key: 'days', kind: 'number', label: L, min: 0, max: 30 },
      ],
    },
  ],
};

describe('answers checked against their form version', () => {
  it('accepts each kind, and leaves out null, empty texts and empty lists', () => {
    const r = checkAnswers(FORM, {
      mood: 'low',
      signs: ['a', 'b'],
      level: 4,
      hurt: false,
      why: 'lý do',
      when: '2026-02-28',
      days: 2.5,
      plan: null,
      steps: [],
    });
    expect(r).toEqual({
      ok: true,
      answers: {
        mood: 'low',
        signs: ['a', 'b'],
        level: 4,
        hurt: false,
        why: 'lý do',
        when: '2026-02-28',
        days: 2.5,
      },
    });
  });

  it('names the unknown question', () => {
    expect(checkAnswers(FORM, { colour: 'blue' })).toEqual({
      ok: false,
      problem: { kind: 'unknown_question', question: 'colour' },
    });
  });

  it.each([
    ['mood', 'great', 'ok | low'],
    ['signs', ['a', 'a'], '[a, b, c]'],
    ['signs', 'a', '[a, b, c]'],
    ['level', 5, '0–4'],
    ['level', 1.5, '0–4'],
    ['hurt', 'yes', 'true | false'],
    ['when', '2026-02-30', 'YYYY-MM-DD'],
    ['days', 31, '0–30'],
    ['why', 'x'.repeat(4001), '≤ 4000'],
  ])('refuses %s = %j: expected %s', (question, value, expected) => {
    expect(checkAnswers(FORM, { [question]: value })).toEqual({
      ok: false,
      problem: { kind: 'invalid_answer', question, expected },
    });
  });
});

describe('questions shown, required and dropped', () => {
  it('shows a question when the one it looks at is shown and matches (a chain hides together)', () => {
    expect(shownQuestions(FORM, { hurt: true, plan: true }).has('steps')).toBe(true);
    expect(shownQuestions(FORM, { hurt: false, plan: true }).has('steps')).toBe(false);
    expect(shownQuestions(FORM, { signs: ['a', 'c'] }).has('why')).toBe(true);
    expect(shownQuestions(FORM, { signs: ['a'] }).has('why')).toBe(false);
  });

  it('asks for the required questions shown, in the form order', () => {
    expect(completion(FORM, { hurt: true }).missing).toEqual(['mood', 'plan']);
    expect(completion(FORM, { mood: 'ok', hurt: true, plan: true }).missing).toEqual(['steps']);
    expect(completion(FORM, { mood: 'ok', hurt: false }).missing).toEqual([]);
  });

  it('drops the answers of hidden questions', () => {
    const r = completion(FORM, {
      mood: 'ok',
      hurt: false,
      plan: true,
      steps: ['x'],
      signs: ['a'],
      why: 'ẩn',
    });
    expect(r.answers).toEqual({ mood: 'ok', hurt: false, signs: ['a'] });
  });

  it('keeps free text apart from the coded answers', () => {
    expect(splitAnswers(FORM, { mood: 'ok', why: 'chữ', when: '2026-01-01' })).toEqual({
      coded: { mood: 'ok', when: '2026-01-01' },
      texts: { why: 'chữ' },
    });
  });

  it('finds the demo form sound', () => {
    expect(formProblems(FORM, { key: 'demo', version: 1, needsAreas: [] })).toEqual([]);
  });
});
