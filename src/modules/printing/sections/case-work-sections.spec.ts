import type { FormQuestion } from '../../assessments';
import { sizeText } from './case-parts-sections';
import { answerText } from './case-work-sections';

const q = (kind: FormQuestion['kind'], extra: Partial<FormQuestion> = {}): FormQuestion => ({
  key: 'q',
  kind,
  label: { vi: 'Câu hỏi', en: 'Question' },
  ...extra,
});
const options = [
  { key: 'afraid', label: { vi: 'Sợ hãi', en: 'Afraid' } },
  { key: 'anxious', label: { vi: 'Lo âu', en: 'Anxious' } },
];

describe('printed answers and sizes', () => {
  it('words an answer as its version defines it, never by its key', () => {
    expect(answerText(q('choice', { options }), 'afraid')).toBe('Sợ hãi');
    expect(answerText(q('choices', { options }), ['afraid', 'anxious'])).toBe('Sợ hãi; Lo âu');
    expect(answerText(q('choice', { options }), 'gone_from_the_form')).toBe('gone_from_the_form');
    expect(answerText(q('yes_no'), true)).toBe('Có');
    expect(answerText(q('yes_no'), false)).toBe('Không');
    expect(answerText(q('date'), '2026-12-14')).toBe('14/12/2026');
    expect(answerText(q('number'), 4)).toBe('4');
    expect(answerText(q('text'), 'Chị kể lại')).toBe('Chị kể lại');
    const scale = q('scale', {
      min: 0,
      max: 10,
      labels: { min: { vi: 'Không', en: 'None' }, max: { vi: 'Rất nhiều', en: 'A lot' } },
    });
    expect(answerText(scale, 7)).toBe('7 trên thang 0–10 (0: Không; 10: Rất nhiều)');
  });

  it('gives sizes with a Vietnamese decimal comma', () => {
    expect(sizeText(15)).toBe('15 B');
    expect(sizeText(12_595)).toBe('12,3 KB');
    expect(sizeText(1_572_864)).toBe('1,5 MB');
  });
});
