/** Departments' surface for other features: the names behind department codes (the public profile shows them). */
export { departmentNames } from './service.js';
