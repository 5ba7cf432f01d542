/**
 * Kept only for test/integration/key-rotation.integration-spec.ts, which imports this file for its
 * registrations: they now come from identity.personal-data.ts. Delete once that import is changed.
 */
import './identity.personal-data';
