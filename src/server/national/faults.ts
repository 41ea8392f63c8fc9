// Latency and failure injection for the simulated systems, so that tests (and trainers) can see
// how the workstation behaves when a registry is slow, down, or has no data.
import type { RegistrySystem } from '../../shared/registry';
import type { NationalSystems } from './systems';

export type FaultMode = 'none' | 'timeout' | 'error' | 'no_data';

export interface Fault {
  mode: FaultMode;
  latencyMs: number;
}

export class RegistryFailure extends Error {
  constructor(
    readonly system: RegistrySystem,
    readonly kind: 'timeout' | 'error',
  ) {
    super(`${system}: ${kind}`);
    this.name = 'RegistryFailure';
  }
}

export interface FaultPlan {
  get(system: RegistrySystem): Fault;
  set(system: RegistrySystem, fault: Partial<Fault>): void;
  reset(): void;
}

const NO_FAULT: Fault = { mode: 'none', latencyMs: 0 };

/** How long a "timeout" fault holds the call before giving up: past the regulation's 1.5 minutes. */
export const SIMULATED_HANG_MS = 100_000;

export function createFaultPlan(initial: Partial<Record<RegistrySystem, Partial<Fault>>> = {}): FaultPlan {
  const faults = new Map<RegistrySystem, Fault>();
  const plan: FaultPlan = {
    get: (system) => faults.get(system) ?? NO_FAULT,
    set: (system, fault) => faults.set(system, { ...plan.get(system), ...fault }),
    reset: () => faults.clear(),
  };
  for (const [system, fault] of Object.entries(initial)) plan.set(system as RegistrySystem, fault);
  return plan;
}

/** Parses QYZMET_FAULTS, e.g. "individuals:timeout,legal_entities:latency=300". */
export function parseFaults(text: string | undefined): Partial<Record<RegistrySystem, Partial<Fault>>> {
  const result: Partial<Record<RegistrySystem, Partial<Fault>>> = {};
  for (const item of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [system, setting] = item.split(':') as [RegistrySystem, string | undefined];
    const fault = (result[system] ??= {});
    if (setting?.startsWith('latency=')) fault.latencyMs = Number(setting.slice('latency='.length));
    else if (setting) fault.mode = setting as FaultMode;
  }
  return result;
}

const SYSTEM_OF: Record<keyof NationalSystems, RegistrySystem> = {
  individuals: 'individuals',
  legalEntities: 'legal_entities',
  attachment: 'attachment',
  powersOfAttorney: 'powers_of_attorney',
  payments: 'payments',
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Wraps every method of every system with the plan's faults; the systems themselves stay untouched. */
export function withFaults(systems: NationalSystems, plan: FaultPlan, hangMs = SIMULATED_HANG_MS): NationalSystems {
  const wrapped = {} as Record<string, unknown>;
  for (const [key, system] of Object.entries(systems) as Array<[keyof NationalSystems, object]>) {
    const registry = SYSTEM_OF[key];
    const methods: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(system) as Array<[string, (...args: unknown[]) => Promise<unknown>]>) {
      methods[name] = async (...args: unknown[]) => {
        const fault = plan.get(registry);
        if (fault.latencyMs > 0) await sleep(fault.latencyMs);
        switch (fault.mode) {
          case 'timeout':
            await sleep(hangMs);
            throw new RegistryFailure(registry, 'timeout');
          case 'error':
            throw new RegistryFailure(registry, 'error');
          case 'no_data': {
            const real = await method.apply(system, args);
            return Array.isArray(real) ? [] : null;
          }
          default:
            return method.apply(system, args);
        }
      };
    }
    wrapped[key] = methods;
  }
  return wrapped as unknown as NationalSystems;
}
