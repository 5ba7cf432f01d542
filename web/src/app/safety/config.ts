/**
 * Build-time settings (Vite env): where a quick exit goes, and after how many idle minutes the screen
 * locks. A neutral site that says nothing about violence or help.
 */
const env = import.meta.env as Record<string, string | undefined>;

export const QUICK_EXIT_URL = env.VITE_QUICK_EXIT_URL || 'https://www.google.com/';

const minutes = Number(env.VITE_IDLE_LOCK_MINUTES);
export const IDLE_LOCK_MS = (Number.isFinite(minutes) && minutes > 0 ? minutes : 10) * 60_000;
