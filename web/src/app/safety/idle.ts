/**
 * Calls onIdle after `timeoutMs` without a key, pointer, wheel or touch event. pause() while locked,
 * resume() after unlocking.
 */
export interface IdleTimer {
  pause(): void;
  resume(): void;
  stop(): void;
}

const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;

export function idleTimer(timeoutMs: number, onIdle: () => void, target: EventTarget = window): IdleTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let paused = false;
  const arm = () => {
    if (paused) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      paused = true;
      onIdle();
    }, timeoutMs);
  };
  for (const e of EVENTS) target.addEventListener(e, arm, { passive: true, capture: true });
  arm();
  return {
    pause() {
      paused = true;
      clearTimeout(timer);
    },
    resume() {
      paused = false;
      arm();
    },
    stop() {
      clearTimeout(timer);
      for (const e of EVENTS) target.removeEventListener(e, arm, { capture: true });
    },
  };
}
