export { isPagePath, notFoundPage, webPages } from './routes.js';
