import { ROLES, type Role } from '../../core/actor.js';

/** Reviewers and admins fix the yearly grades; admins add rule set versions; supervisors see list candidates. */
export const RUNNERS: Role[] = ['reviewer', 'admin'];
export const RULE_SETTERS: Role[] = ['admin'];
export const CANDIDATE_READERS: Role[] = ['regulator', 'reviewer', 'admin'];
/** Everyone scored by the rules may read them: every token holder reads the rule set versions. */
export const RULE_READERS: Role[] = [...ROLES];
