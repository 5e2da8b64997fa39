import type { Role } from '../../core/actor.js';

/**
 * Who handles reports (举报, domain §8): anyone files one, without a token, and follows it by its
 * tracking number. Regulators read the queue (with the reporter's contact: nobody else sees it) and
 * decide. Any department may take a report about an agency (an agency works for several sectors, and
 * the 超市 has no one competent department per agency); the deciding department is recorded on the
 * report and is the department of the dishonesty record a verification makes.
 */
export const HANDLERS: Role[] = ['regulator'];
