import type { Role } from '../../core/actor.js';

/** Who may check codes (a subject checks nobody); a receipt is shown to the one who asked, and to these. */
export const CHECKERS: Role[] = ['regulator', 'applicant', 'platform', 'reviewer', 'admin'];
export const RECEIPT_READERS: Role[] = ['admin', 'reviewer'];
