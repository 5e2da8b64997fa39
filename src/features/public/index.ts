/**
 * The public side's surface for the pages: the same verbs and query contracts as /api/v1/public/*, so
 * a page shows what the API answers, no more.
 */
export { PUBLISHED_LISTS, publishedEntries, publishingDepartments } from './lists.js';
export { PublicSearchQuery, PublishedEntriesQuery } from './schemas.js';
export { searchPublicSubjects } from './search.js';
export { listStatus, publicProfile } from './service.js';
