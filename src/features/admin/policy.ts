import type { Role } from '../../core/actor.js';

/** Maintenance over HTTP (the daily sweep by hand, verifying the audit chain and the ledger): the registry's admins. */
export const OPERATORS: Role[] = ['admin'];
