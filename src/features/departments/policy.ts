import { ROLES, type Role } from '../../core/actor.js';

/** Departments name who decided what: every token holder may read them (their names are public facts). */
export const READERS: Role[] = [...ROLES];
