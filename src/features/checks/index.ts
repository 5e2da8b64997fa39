/** Bulk credit checks (信用核查): the benchmark runs them directly. */
export { runCheck } from './service.js';
