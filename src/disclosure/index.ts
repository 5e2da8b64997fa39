export * from './credit.js';
export { isResidentIdNumber, maskPersonalData } from './masking.js';
