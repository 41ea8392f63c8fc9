// Inputs of the document and journal methods of the UI↔main contract (checked in main with these).
import { z } from 'zod';
import { JOURNALS } from './catalogue';
import { keyChoiceSchema, pinSchema } from './signing';

/** What the issuer typed in: the template's inputs by id; the template checks each value. */
const details = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/), z.unknown())
  .refine((value) => Object.keys(value).length <= 60 && JSON.stringify(value).length <= 64_000, 'too_large');

const bilingual = z.object({ kk: z.string().trim().min(1).max(300), ru: z.string().trim().min(1).max(300) }).strict();

export const documentRequestInput = z.object({ requestId: z.uuid() }).strict();
export const documentPreviewInput = z.object({ requestId: z.uuid(), kind: z.string().min(1).max(80), details }).strict();
export const documentSignInput = z
  .object({ requestId: z.uuid(), kind: z.string().min(1).max(80), details, key: keyChoiceSchema, pin: pinSchema })
  .strict();
export const documentIdInput = z.object({ documentId: z.uuid() }).strict();
export const documentFileInput = z.object({ documentId: z.uuid(), format: z.enum(['pdf', 'p7s']) }).strict();
export const documentDeliverInput = z.object({ documentId: z.uuid(), via: z.enum(['print', 'save', 'portal']) }).strict();
/** A PDF to verify, base64 (at most 20 MB). */
export const documentVerifyInput = z
  .object({ content: z.string().min(1).max(28_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64') })
  .strict();
export const providerProfileSchema = z
  .object({
    bin: z.string().regex(/^\d{12}$/).nullable(),
    name: bilingual,
    city: bilingual.nullable(),
    address: bilingual.nullable(),
    phone: z.string().trim().max(40).nullable(),
    signerPosition: bilingual.nullable(),
  })
  .strict();

export const journalListInput = z
  .object({
    journal: z.enum(JOURNALS),
    year: z.number().int().min(2000).max(9999).optional(),
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(500),
    offset: z.number().int().min(0),
  })
  .strict();
export const journalPrintInput = z
  .object({ journal: z.enum(JOURNALS), year: z.number().int().min(2000).max(9999).optional(), search: z.string().max(200).optional() })
  .strict();
export const journalCheckInput = z.object({ journal: z.enum(JOURNALS), year: z.number().int().min(2000).max(9999) }).strict();
