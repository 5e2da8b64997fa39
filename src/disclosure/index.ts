export * from './credit.js';
export { containsPersonalData, isResidentIdNumber, maskPersonalData } from './masking.js';
