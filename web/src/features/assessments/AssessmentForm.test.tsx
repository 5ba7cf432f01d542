import { act, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../app/i18n';
import { AssessmentForm } from './AssessmentForm';
import type { Answers, FormDefinition } from './form-logic';
import { addAssessmentMessages } from './messages';

// jsdom lacks matchMedia, which the kit asks for its colour scheme.
beforeAll(() => {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    value: (q: string) => ({
      matches: false,
      media: q,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }),
  });
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  i18n = initI18n();
  addAssessmentMessages();
});

let i18n: ReturnType<typeof initI18n>;

const FORM: FormDefinition = {
  key: 'demo',
  version: 1,
  title: { vi: 'Thử', en: 'Demo' },
  sections: [
    {
      key: 's',
      title: { vi: 'Phần một', en: 'Part one' },
      questions: [
        { key: 'hurt', kind: 'yes_no', required: true, label: { vi: 'Có ý nghĩ tự hại?', en: 'Thoughts?' } },
        {
          key: 'plan',
          kind: 'yes_no',
          required: true,
          showWhen: { question: 'hurt', equals: true },
          label: { vi: 'Có kế hoạch?', en: 'A plan?' },
          alert: { vi: 'Báo giám sát viên ngay.', en: 'Tell the supervisor now.' },
        },
      ],
    },
  ],
};

let host: HTMLDivElement | null = null;
afterEach(() => {
  host?.remove();
  host = null;
});

function Filled({ start }: { start: Answers }) {
  const [answers, setAnswers] = useState<Answers>(start);
  return (
    <AssessmentForm
      form={FORM}
      answers={answers}
      onChange={(key, v) => {
        setAnswers((a) => {
          const next = { ...a };
          if (v === undefined) return Object.fromEntries(Object.entries(next).filter(([k]) => k !== key));
          return { ...next, [key]: v };
        });
      }}
      missing={['hurt']}
    />
  );
}

function render(start: Answers): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() => {
    root.render(
      <MantineProvider>
        <I18nextProvider i18n={i18n}>
          <Filled start={start} />
        </I18nextProvider>
      </MantineProvider>,
    );
  });
  return host;
}

const radio = (el: HTMLElement, question: string, label: string): HTMLInputElement => {
  const q = el.querySelector(`[data-question="${question}"]`);
  const input = [...(q?.querySelectorAll('label') ?? [])]
    .find((l) => l.textContent === label)
    ?.closest('.mantine-Radio-body')
    ?.querySelector('input');
  if (!input) throw new Error(`no radio ${label} in ${question}`);
  return input;
};

describe('AssessmentForm', () => {
  it('shows a conditional question, with its warning, once the answer it looks at is given', () => {
    const el = render({});
    expect(el.querySelector('[data-question="plan"]')).toBeNull();
    expect(el.textContent).toContain('Câu này bắt buộc trước khi hoàn thành.');
    act(() => {
      radio(el, 'hurt', 'Có').click();
    });
    expect(el.querySelector('[data-question="plan"]')?.textContent).toContain('Báo giám sát viên ngay.');
    act(() => {
      radio(el, 'hurt', 'Không').click();
    });
    expect(el.querySelector('[data-question="plan"]')).toBeNull();
  });

  it('reads a completed assessment in words', () => {
    host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    act(() => {
      root.render(
        <MantineProvider>
          <I18nextProvider i18n={i18n}>
            <AssessmentForm form={FORM} answers={{ hurt: true, plan: false }} />
          </I18nextProvider>
        </MantineProvider>,
      );
    });
    expect(host.textContent).toContain('Có ý nghĩ tự hại?Có');
    expect(host.textContent).toContain('Có kế hoạch?Không');
  });
});
