// The service provider's details for tests, as an administrator enters them (Settings → Service
// provider): the issuer that documents name and the central server's register checks.
import type { ProviderProfile } from '../../src/shared/documents';

export const PROVIDER_PROFILE: ProviderProfile = {
  bin: '020240000017',
  name: { kk: 'Көкшетау қаласының мемлекеттік қызметтер орталығы', ru: 'Центр государственных услуг города Кокшетау' },
  city: { kk: 'Көкшетау', ru: 'Кокшетау' },
  address: { kk: 'Абай көшесі, 12', ru: 'улица Абая, 12' },
  phone: '+7 7162 25-00-00',
  signerPosition: { kk: 'Директор', ru: 'Директор' },
};
