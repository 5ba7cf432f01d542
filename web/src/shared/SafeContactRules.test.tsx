import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../app/i18n';
import { addCounsellorMessages } from './messages';
import { SafeContactRules, type SafeContact } from './SafeContactRules';

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
  addCounsellorMessages();
});

let i18n: ReturnType<typeof initI18n>;

let host: HTMLDivElement | null = null;
afterEach(() => {
  host?.remove();
  host = null;
});

function render(safeContact: SafeContact | undefined): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() => {
    root.render(
      <MantineProvider>
        <I18nextProvider i18n={i18n}>
          <SafeContactRules safeContact={safeContact} />
        </I18nextProvider>
      </MantineProvider>,
    );
  });
  return host;
}

const marks = (el: HTMLElement) =>
  [...el.querySelectorAll('li[data-mark]')].map(
    (li) => `${li.getAttribute('data-mark') ?? ''} ${li.textContent}`,
  );

describe('SafeContactRules', () => {
  it('says each rule in words beside a sign, a shared phone as a warning', () => {
    const el = render({
      canCall: true,
      canText: false,
      canLeaveMessage: false,
      phoneSharedWithPerpetrator: true,
      safeTimes: '9:00–11:00',
      codeWord: 'hoa sen',
    });
    expect(marks(el)).toEqual([
      'yes ✓Được gọi điện',
      'no ✗KHÔNG được nhắn tin',
      'no ✗KHÔNG để lại lời nhắn',
      'no ✗Điện thoại dùng chung với người có hành vi bạo lực',
    ]);
    expect(el.textContent).toContain('Giờ an toàn: 9:00–11:00');
    expect(el.textContent).toContain('Mật khẩu liên lạc: hoa sen');
  });

  it('an unanswered rule is unknown, not allowed; no rules at all asks to check before calling', () => {
    expect(marks(render({ canCall: true }))).toContain('unknown ?Được nhắn tin: Chưa rõ');
    expect(render(undefined).textContent).toContain('Chưa ghi quy tắc liên lạc an toàn');
  });

  it('reads a null rule (as the follow-ups send them) as unknown, never as "no"', () => {
    const el = render({
      canCall: true,
      canText: null,
      canLeaveMessage: null,
      phoneSharedWithPerpetrator: null,
    });
    expect(marks(el)).toContain('unknown ?Được nhắn tin: Chưa rõ');
    expect(marks(el)).not.toContain('no ✗KHÔNG được nhắn tin');
    expect(render({ canCall: null, codeWord: null }).textContent).toContain(
      'Chưa ghi quy tắc liên lạc an toàn',
    );
  });
});
