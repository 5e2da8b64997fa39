export { csvLine, overdueBodyDisclosure } from './arrears.js';
export * from './credit.js';
export { containsPersonalData, isResidentIdNumber, maskPersonalData } from './masking.js';
