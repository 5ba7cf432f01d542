import { PLATFORM_ROWS } from './platform.rows';
import type { Row } from './types';

export type { Caller, Check, Row } from './types';

/** Every module's rows of the authorization matrix: one file per module, listed here. */
export const ALL_ROWS: Row[] = [...PLATFORM_ROWS];
