// What the status bar shows of the workstation's links: the central server and the signing token.
// The token manager is not built yet, and the status says so rather than pretending.
import type { StationStatus } from '../../shared/api/contract';
import type { CentralLink } from './central-link';

export interface StationService {
  status(): StationStatus;
  subscribe(listener: (status: StationStatus) => void): () => void;
}

export function createStationService(link: CentralLink): StationService {
  const status = (): StationStatus => ({ connectivity: link.status().connectivity, token: 'not_configured' });
  return {
    status,
    subscribe: (listener) => link.onChange(() => listener(status())),
  };
}
