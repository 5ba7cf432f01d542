/**
 * Escape pressed twice within `windowMs` triggers the quick exit, unless a dialog or menu is open (there
 * Escape closes it) or an input method is composing (Unikey/EVKey-style IMEs use Escape to cancel).
 */
export interface EscapeTwiceOptions {
  onTrigger: () => void;
  isBlocked: () => boolean;
  windowMs?: number;
  now?: () => number;
}

export function escapeTwice(
  options: EscapeTwiceOptions,
): (e: Pick<KeyboardEvent, 'key' | 'isComposing' | 'repeat'>) => void {
  const windowMs = options.windowMs ?? 1000;
  const now = options.now ?? (() => Date.now());
  let last = Number.NEGATIVE_INFINITY;
  return (e) => {
    if (e.key !== 'Escape' || e.isComposing || e.repeat) return;
    if (options.isBlocked()) {
      last = Number.NEGATIVE_INFINITY;
      return;
    }
    const t = now();
    if (t - last <= windowMs) {
      last = Number.NEGATIVE_INFINITY;
      options.onTrigger();
    } else {
      last = t;
    }
  };
}

/**
 * A dialog, menu or open list on screen (the idle lock, marked data-quick-exit-allowed, does not count;
 * hidden ones, kept mounted by the component kit, do not either).
 */
export function overlayOpen(doc: Document = document): boolean {
  const found = doc.querySelectorAll<HTMLElement>(
    '[role="dialog"]:not([data-quick-exit-allowed]), [role="alertdialog"], [role="menu"], [role="listbox"]',
  );
  return [...found].some((el) => el.getClientRects().length > 0);
}
