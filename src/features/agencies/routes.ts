import { createRouter } from '../../http/router.js';

export const agenciesRoutes = createRouter();
