import { createRouter } from '../../http/router.js';

/** Placeholder (being built). */
export const inboundRoutes = createRouter();
