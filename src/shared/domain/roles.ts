// Staff roles of the workstation. One person may hold several.
export const ROLES = [
  'registrar',
  'social_officer',
  'archivist',
  'licensing_officer',
  'authorised_signer',
  'administrator',
] as const;

export type Role = (typeof ROLES)[number];

export function hasRole(roles: readonly Role[], role: Role): boolean {
  return roles.includes(role);
}
