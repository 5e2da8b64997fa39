import { z } from '@hono/zod-openapi';
import { containsPersonalData } from '../../disclosure/index.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { line, Uscc } from '../../http/schemas.js';

export { UsccParam } from '../../http/schemas.js';

/**
 * Name fields are shown to the public as they are, so they hold no identifier of a person: an
 * organisation's name no ID, phone or card number or e-mail address, however written (the detector
 * the disclosure module masks with); a person's name no digit at all (no format can then hide one).
 */
const noPersonalData = [
  (value: string) => !containsPersonalData(value),
  'a name may not contain an ID, phone or bank card number or an e-mail address',
] as const;
const noDigits = [
  (value: string) => !/[0-9\uFF10-\uFF19@\uFF20]/.test(value),
  "a person's name has no digits (an ID or phone number may not be entered as one) and no @",
] as const;

export const SUBJECT_KINDS = ['intermediary', 'enterprise', 'government'] as const;

const Name = line(200).refine(...noPersonalData);
const PersonName = line(100)
  .refine(...noDigits)
  .openapi({ description: '法定代表人 / 负责人 name' });
const Region = z
  .string()
  .regex(/^\d{6}$/, '6-digit 行政区划码')
  .openapi({ example: '210100' });

export const CreateSubjectBody = z
  .object({
    uscc: Uscc,
    name: Name,
    kind: z.enum(SUBJECT_KINDS),
    legalRepresentative: PersonName,
    region: Region,
  })
  .strict()
  .openapi('CreateSubject');

export const UpdateSubjectBody = z
  .object({
    name: Name.optional(),
    legalRepresentative: PersonName.optional(),
    region: Region.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change')
  .openapi('UpdateSubject');

export const Subject = z
  .object({
    id: z.string().openapi({ example: 'sub_01JD5W3B8Q2W7ZP0M6Y4T9C1XA' }),
    uscc: z.string(),
    name: z.string(),
    kind: z.enum(SUBJECT_KINDS),
    legalRepresentative: z.string(),
    region: z.string(),
    previousNames: z.array(z.string()).openapi({ description: '曾用名, oldest first' }),
    version: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Subject');

export const SubjectPage = pageSchema(Subject).openapi('SubjectPage');

export const SearchQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Substring of the name, a previous name or the code' }),
  kind: z.enum(SUBJECT_KINDS).optional(),
});

export type CreateSubjectInput = z.infer<typeof CreateSubjectBody>;
export type UpdateSubjectInput = z.infer<typeof UpdateSubjectBody>;
export type SubjectView = z.infer<typeof Subject>;
