import { createRouter } from '../../http/router.js';

export const announcementsRoutes = createRouter();
