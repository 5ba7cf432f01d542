/** The context (associated data) under which audit reason texts are encrypted. */
export const AUDIT_REASON_CONTEXT = 'audit_events.reason_text_enc';
