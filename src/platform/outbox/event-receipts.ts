/** Handlers claim their receipt through the outbox's repository (kept here for their imports). */
export { claimReceipt } from './outbox.repository';
