/** The subject registry's surface for other features: look subjects up, register one when needed. */

export { findByUscc as findSubject, type SubjectRow } from './repo.js';
export { CreateSubjectBody, type CreateSubjectInput, type SubjectView } from './schemas.js';
export { createSubject, ensureSubject, getSubject, nameBeforeRenameQuery, searchSubjects, updateSubject } from './service.js';
