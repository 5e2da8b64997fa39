/**
 * The platform (sync) feature's surface for other parts: the console's sync pages read the feed head,
 * the push endpoints with their delivery state, the dead letters and their replay, the watches and the
 * quality report through the same verbs and role lists as the API.
 */
export { getDelivery, listDeliveries, replayDelivery } from './deliveries.js';
export { type EndpointDeliveryState, endpointDeliveryStates, NO_DELIVERIES } from './delivery-status.js';
export { DELIVERY_ADMINS, listEndpoints } from './endpoints.js';
export { QualityQuery } from './export-schemas.js';
export { FEED_READERS } from './policy.js';
export { QUALITY_READERS, qualityReport, TARGET_PERCENT, TIMELY_WORKDAYS } from './quality.js';
export { WATCH_READERS } from './watch-policy.js';
export { listWatches } from './watches.js';
