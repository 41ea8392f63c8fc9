// Globally unique, time-ordered ids (UUIDv7): records made on different workstations offline never collide,
// and sort by creation time for sync.
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}
