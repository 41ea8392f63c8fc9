// The intake in progress, kept outside the page so that leaving for another section (or the screen
// lock) loses nothing typed: the page reads and writes it through useIntake(). It belongs to the
// staff member who started it; another person signing in on this workstation starts empty.
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { LegalEntity, Person, RegistrySystem } from '../../../shared/registry';
import type { DocumentMark, RequestDetail } from '../../../shared/requests/api';
import type { AnswerInfo, NoDataCause } from '../registry/RecordCards';
import type { IntakeChannel, StepId, UiValues } from './model';

/** What the registry said about the applicant's number. */
export type Lookup =
  | { kind: 'person'; id: string; person: Person; info: AnswerInfo }
  | {
      kind: 'organisation';
      id: string;
      entity: LegalEntity;
      info: AnswerInfo;
      /** The organisation's head, when the employee looked them up too. */
      head: { person: Person; info: AnswerInfo } | null;
    }
  | {
      kind: 'noData';
      id: string;
      applicantKind: 'person' | 'organisation';
      system: RegistrySystem;
      answeredAt: string | null;
      cause: NoDataCause;
    };

/** How the intake ended. */
export type Outcome =
  | { kind: 'registered'; request: RequestDetail }
  | { kind: 'discarded'; request: RequestDetail; reason: string }
  /** The registry has no data: the regulation's notice and refusal; nothing is recorded as a request. */
  | { kind: 'refused'; service: string; channel: IntakeChannel; applicantKind: 'person' | 'organisation'; id: string; at: string };

export interface IntakeState {
  /** The staff member whose intake this is. */
  owner: string | null;
  step: StepId;
  /** The furthest step reached (index), for the stepper. */
  reached: number;
  service: string | null;
  operation: string | null;
  channel: IntakeChannel;
  applicantKind: 'person' | 'organisation';
  iin: string;
  bin: string;
  lookup: Lookup | null;
  /** Typed values by service: switching services before the draft exists loses nothing. */
  values: Record<string, UiValues>;
  /** What the registry prefilled, by service (to replace it when the applicant changes, not what was typed). */
  prefilled: Record<string, UiValues>;
  /** Whether the employee has tried to leave the form step: from then on problems show as they are fixed. */
  formTried: boolean;
  documents: Record<string, DocumentMark>;
  documentsTried: boolean;
  /** Why the request is registered without the mandatory documents not presented (sent only while some are missing). */
  missingReason: string;
  paymentRef: string;
  draft: RequestDetail | null;
  outcome: Outcome | null;
}

export function initialIntake(owner: string | null): IntakeState {
  return {
    owner,
    step: 'service',
    reached: 0,
    service: null,
    operation: null,
    channel: 'walk_in',
    applicantKind: 'person',
    iin: '',
    bin: '',
    lookup: null,
    values: {},
    prefilled: {},
    formTried: false,
    documents: {},
    documentsTried: false,
    missingReason: '',
    paymentRef: '',
    draft: null,
    outcome: null,
  };
}

let state: IntakeState = initialIntake(null);
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function getIntake(): IntakeState {
  return state;
}

export function updateIntake(update: (current: IntakeState) => IntakeState): void {
  const next = update(state);
  if (next === state) return;
  state = next;
  listeners.forEach((listener) => listener());
}

/** For tests and for "start a new intake". */
export function resetIntake(owner: string | null): void {
  updateIntake(() => initialIntake(owner));
}

/** The intake of this staff member (a fresh one when it was someone else's). */
export function useIntake(owner: string): [IntakeState, (update: (current: IntakeState) => IntakeState) => void] {
  const current = useSyncExternalStore(subscribe, getIntake, getIntake);
  const fresh = useMemo(() => initialIntake(owner), [owner]);
  useEffect(() => {
    if (getIntake().owner !== owner) resetIntake(owner);
  }, [owner]);
  const update = useCallback(
    (change: (current: IntakeState) => IntakeState) => {
      updateIntake((latest) => change(latest.owner === owner ? latest : initialIntake(owner)));
    },
    [owner],
  );
  return [current.owner === owner ? current : fresh, update];
}
