/**
 * The working-day calendar: reference data shared by the credit side and the arrears ledger (it is not
 * a credit feature). Deadlines in 工作日 and in 日 (第203条) are counted here for both.
 */
export { addWorkdaysFrom, type Deadlines, deadlines } from './service.js';
