import { describe, expect, it } from 'vitest';
import { isoDay } from './QuestionField';
import { answersToSend, missingRequired, shownQuestions, type FormDefinition } from './form-logic';

const L = { vi: 'x', en: 'x' };
const FORM: FormDefinition = {
  key: 'demo',
  version: 1,
  title: L,
  sections: [
    {
      key: 's',
      title: L,
      questions: [
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
          showWhen: { question: 'plan', equals: true },
          options: [
            { key: 'a', label: L },
            { key: 'b', label: L },
          ],
        },
      ],
    },
  ],
};

describe('the form renderer’s conditions', () => {
  it('shows a question when the one it looks at is shown and matches', () => {
    expect([...shownQuestions(FORM, {})]).toEqual(['hurt']);
    expect([...shownQuestions(FORM, { hurt: true, plan: true })]).toEqual(['hurt', 'plan', 'steps']);
    expect([...shownQuestions(FORM, { hurt: false, plan: true })]).toEqual(['hurt']);
  });

  it('asks for the required questions shown only', () => {
    expect(missingRequired(FORM, {})).toEqual(['hurt']);
    expect(missingRequired(FORM, { hurt: true, plan: true, steps: [] })).toEqual(['steps']);
    expect(missingRequired(FORM, { hurt: false })).toEqual([]);
  });

  it('sends only the answers given', () => {
    expect(answersToSend({ hurt: true, steps: [], note: '' })).toEqual({ hurt: true });
  });
});

describe('dates typed as dd/mm/yyyy', () => {
  it('gives the API a calendar day, or nothing', () => {
    expect(isoDay('14/12/2026')).toBe('2026-12-14');
    expect(isoDay('4/1/2026')).toBe('2026-01-04');
    expect(isoDay('30/02/2026')).toBeNull();
    expect(isoDay('2026-12-14')).toBeNull();
  });
});
