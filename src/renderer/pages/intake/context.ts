// What every step of the wizard is given by the page.
import type { RefObject } from 'react';
import type { SessionInfo } from '../../../shared/api/contract';
import type { CatalogueService } from '../../../shared/catalogue';
import type { CatalogueEntry, RequestDetail } from '../../../shared/requests/api';
import type { StepId } from './model';
import type { IntakeState } from './store';

export interface StepProps {
  session: SessionInfo;
  intake: IntakeState;
  update(change: (current: IntakeState) => IntakeState): void;
  /** The catalogue as the signed-in person sees it (null while it loads). */
  catalogue: CatalogueEntry[] | null;
  service: CatalogueService | null;
  entry: CatalogueEntry | null;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Opens a step (and remembers the furthest one reached). */
  go(step: StepId): void;
  /** Today in Almaty (YYYY-MM-DD). */
  today: string;
  /** Creates the draft, or brings it up to date, from the intake as it stands; throws the API's error. */
  saveDraft(): Promise<RequestDetail>;
  /** Opens the "refuse to accept" panel under the step, with a reason to start from. */
  offerDiscard(suggested: string): void;
}
