// What the status bar shows of the workstation's links: the central server and the signing token.
import type { StationStatus } from '../../shared/api/contract';
import type { CentralLink } from './central-link';

export interface StationService {
  status(): StationStatus;
  subscribe(listener: (status: StationStatus) => void): () => void;
}

export function createStationService(link: CentralLink, token: () => StationStatus['token']): StationService {
  const status = (): StationStatus => ({ connectivity: link.status().connectivity, token: token() });
  return {
    status,
    subscribe: (listener) => link.onChange(() => listener(status())),
  };
}
