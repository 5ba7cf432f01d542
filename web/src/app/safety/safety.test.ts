import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { escapeTwice, overlayOpen } from './escape-twice';
import { idleTimer } from './idle';
import { logoutBeacon, quickExit } from './quick-exit';

const esc = { key: 'Escape', isComposing: false, repeat: false };

describe('escape twice', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('triggers on a second Escape within a second', () => {
    const onTrigger = vi.fn();
    const handle = escapeTwice({ onTrigger, isBlocked: () => false });
    handle(esc);
    vi.advanceTimersByTime(900);
    handle(esc);
    expect(onTrigger).toHaveBeenCalledTimes(1);
  });

  it('does not trigger when the second Escape comes after more than a second', () => {
    const onTrigger = vi.fn();
    const handle = escapeTwice({ onTrigger, isBlocked: () => false });
    handle(esc);
    vi.advanceTimersByTime(1001);
    handle(esc);
    expect(onTrigger).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    handle(esc);
    expect(onTrigger).toHaveBeenCalledTimes(1);
  });

  it('ignores Escape while a dialog or menu is open, and other keys, held keys and IME composition', () => {
    const onTrigger = vi.fn();
    let blocked = true;
    const handle = escapeTwice({ onTrigger, isBlocked: () => blocked });
    handle(esc);
    handle(esc);
    blocked = false;
    handle(esc);
    handle({ ...esc, repeat: true });
    handle({ ...esc, isComposing: true });
    handle({ key: 'a', isComposing: false, repeat: false });
    expect(onTrigger).not.toHaveBeenCalled();
  });

  it('counts a dialog or menu on screen as open, but not the idle lock nor a hidden list', () => {
    // jsdom lays nothing out: an element "on screen" is one given a box here.
    const shown = (html: string) => {
      document.body.innerHTML = html;
      const el = document.body.firstElementChild as HTMLElement;
      el.getClientRects = () => [{}] as unknown as DOMRectList;
    };
    shown('<div role="dialog" data-quick-exit-allowed></div>');
    expect(overlayOpen()).toBe(false);
    shown('<div role="menu"></div>');
    expect(overlayOpen()).toBe(true);
    document.body.innerHTML = '<div role="listbox" style="display:none"></div>';
    expect(overlayOpen()).toBe(false);
    document.body.innerHTML = '';
  });
});

describe('quick exit', () => {
  it('signs out, drops memory, clears storage and replaces the page, in that order', () => {
    const calls: string[] = [];
    const storage = { clear: () => calls.push('clear') };
    quickExit({
      signOut: () => calls.push('signOut'),
      dropMemory: () => calls.push('drop'),
      replace: (url) => calls.push(`replace ${url}`),
      url: 'https://example.org/',
      storages: [storage, undefined],
    });
    expect(calls).toEqual(['signOut', 'drop', 'clear', 'replace https://example.org/']);
  });

  it('still leaves when signing out or clearing fails', () => {
    const replace = vi.fn();
    quickExit({
      signOut: () => {
        throw new Error('offline');
      },
      dropMemory: () => {
        throw new Error('boom');
      },
      replace,
      url: 'https://example.org/',
      storages: [
        {
          clear: () => {
            throw new Error('denied');
          },
        },
      ],
    });
    expect(replace).toHaveBeenCalledWith('https://example.org/');
  });

  it('sends the logout as a beacon carrying the CSRF token (the cookie goes by itself), and nothing without one', () => {
    const beacon = vi.fn(() => true);
    logoutBeacon(null, beacon);
    expect(beacon).not.toHaveBeenCalled();
    logoutBeacon('csrf-1', beacon);
    expect(beacon).toHaveBeenCalledWith('/api/v1/auth/logout/cookie', 'csrf-1');
  });
});

describe('idle lock timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires after the timeout without activity, and activity postpones it', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const timer = idleTimer(10 * 60_000, onIdle, target);
    vi.advanceTimersByTime(9 * 60_000);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(9 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    timer.stop();
  });

  it('does not fire again while locked; resumes after unlocking', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const timer = idleTimer(1000, onIdle, target);
    vi.advanceTimersByTime(1000);
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(5000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    timer.resume();
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(2);
    timer.stop();
  });
});
