// The workstation's links to the outside: the central server and the signing token.
// Neither exists yet in this build, and the status says so rather than pretending.
import type { StationStatus } from '../../shared/api/contract';

export interface StationService {
  status(): StationStatus;
  subscribe(listener: (status: StationStatus) => void): () => void;
}

export function createStationService(): StationService {
  const listeners = new Set<(status: StationStatus) => void>();
  const current: StationStatus = { connectivity: 'not_configured', token: 'not_configured' };
  return {
    status: () => ({ ...current }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
