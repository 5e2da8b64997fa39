import type { Role } from '../../core/actor.js';

/**
 * Who uses the sync surface (domain §9): the city platform reads the feed, its proofs and the exports;
 * an admin may read them too (to check what the platform sees) and registers push endpoints.
 */
export const FEED_READERS: Role[] = ['platform', 'admin'];
