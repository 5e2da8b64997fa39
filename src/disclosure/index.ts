export * from './agencies.js';
export * from './announcements.js';
export { csvLine, overdueBodyDisclosure } from './arrears.js';
export * from './credit.js';
export { containsPersonalData, isResidentIdNumber, maskPersonalData } from './masking.js';
export * from './ratings.js';
