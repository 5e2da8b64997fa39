import { createRouter } from '../../http/router.js';

export const ratingsRoutes = createRouter();
