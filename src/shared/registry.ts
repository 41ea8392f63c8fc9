// What the state registries answer, as the central server passes it to workstations.
// The same schemas check the server's replies on the workstation and the server's inputs.
import { z } from 'zod';
import { binSchema, iinSchema } from './validation';

export const REGISTRY_SYSTEMS = ['individuals', 'legal_entities', 'attachment', 'powers_of_attorney', 'payments'] as const;
export type RegistrySystem = (typeof REGISTRY_SYSTEMS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const identityDocumentSchema = z.object({
  type: z.enum(['id_card', 'passport', 'birth_certificate', 'residence_permit']),
  number: z.string(),
  issuedOn: isoDate,
  issuer: z.string(),
});

export const addressSchema = z.object({
  region: z.string(),
  city: z.string(),
  street: z.string(),
  house: z.string(),
  flat: z.string().nullable(),
});
export type Address = z.infer<typeof addressSchema>;

export const personSchema = z.object({
  iin: z.string(),
  surname: z.string(),
  name: z.string(),
  patronymic: z.string().nullable(),
  birthDate: isoDate,
  sex: z.enum(['male', 'female']),
  citizenship: z.string(),
  address: addressSchema,
  document: identityDocumentSchema,
  deathDate: isoDate.nullable(),
});
export type Person = z.infer<typeof personSchema>;

export const legalEntitySchema = z.object({
  bin: z.string(),
  fullNameKk: z.string(),
  fullNameRu: z.string(),
  shortNameKk: z.string(),
  shortNameRu: z.string(),
  legalForm: z.string(),
  headIin: z.string(),
  headName: z.string(),
  address: addressSchema,
  registeredOn: isoDate,
  status: z.enum(['active', 'liquidated']),
});
export type LegalEntity = z.infer<typeof legalEntitySchema>;

export const attachmentRecordSchema = z.object({
  iin: z.string(),
  organisationBin: z.string(),
  organisationName: z.string(),
  district: z.string(),
  since: isoDate,
});
export type AttachmentRecord = z.infer<typeof attachmentRecordSchema>;

export const powerOfAttorneySchema = z.object({
  number: z.string(),
  issuedOn: isoDate,
  principalIin: z.string(),
  representativeIin: z.string(),
  scope: z.string(),
  validUntil: isoDate,
  revoked: z.boolean(),
});
export type PowerOfAttorney = z.infer<typeof powerOfAttorneySchema>;

export const paymentSchema = z.object({
  reference: z.string(),
  payerId: z.string(),
  serviceCode: z.string(),
  amountTiyn: z.number().int(),
  paidOn: isoDate,
});
export type Payment = z.infer<typeof paymentSchema>;

// ---- queries ----

export const nameQuerySchema = z
  .object({
    surname: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(100),
    birthDate: isoDate.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict();
export type NameQuery = z.input<typeof nameQuerySchema>;

export const iinQuerySchema = z.object({ iin: iinSchema }).strict();
export const binQuerySchema = z.object({ bin: binSchema }).strict();

/** Why a lookup is made: the request it belongs to, or a free-text purpose. Kept in the audit log. */
export const lookupPurposeSchema = z.string().trim().min(1).max(200);

/**
 * Folds a name for matching: case, and the Kazakh letters that are often typed as their Russian
 * neighbours (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и), and ё→е.
 */
export function foldName(value: string): string {
  return value
    .toLocaleLowerCase('kk')
    .normalize('NFC')
    .replace(/[әғқңөұүһіё]/g, (letter) => FOLD[letter] ?? letter)
    .replace(/\s+/g, ' ')
    .trim();
}

const FOLD: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ё: 'е',
};
