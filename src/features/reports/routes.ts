import { createRouter } from '../../http/router.js';

export const reportsRoutes = createRouter();
