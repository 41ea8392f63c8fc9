// The wizard's frame: the stepper (an ordered list, the current step marked aria-current="step") and
// one step's card — its heading (which takes the keyboard when the step opens), its content, and
// Back / Next, where Enter anywhere in the step means Next.
import { type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/Field';
import type { ShownError } from '../../i18n';
import { STEPS, stepIndex, type StepId } from './model';

export function Stepper({ current, finished, onOpen }: { current: StepId; finished: boolean; onOpen(step: StepId): void }) {
  const { t } = useTranslation();
  const currentIndex = stepIndex(current);
  return (
    <nav className="stepper" aria-label={t('intake.stepper.label')}>
      <ol>
        {STEPS.map((step, index) => {
          const isCurrent = !finished && step === current;
          // Back to any earlier step; forward only with Next, which checks the step first.
          const done = finished || index < currentIndex;
          const state = isCurrent ? 'current' : done ? 'done' : 'todo';
          const label = (
            <>
              <span className="stepper-number" aria-hidden="true">
                {state === 'done' ? '✓' : index + 1}
              </span>
              <span className="stepper-name">{t(`intake.steps.${step}`)}</span>
              <span className="visually-hidden"> — {t(`intake.stepper.state.${state}`)}</span>
            </>
          );
          return (
            <li key={step} className={`stepper-item stepper-${state}`} aria-current={isCurrent ? 'step' : undefined}>
              {!finished && done ? (
                <button type="button" className="stepper-button" onClick={() => onOpen(step)}>
                  {label}
                </button>
              ) : (
                <span className="stepper-button">{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/**
 * Enter on a radio button, a checkbox, a drop-down or the step's heading (where the keyboard is when
 * the step opens) moves on too; text inputs do it by themselves, buttons and text areas keep Enter.
 */
function enterAdvances(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement;
  const isChoice = target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox');
  const isHeading = target.tagName === 'H2' && target.id.startsWith('intake-step-');
  if (isChoice || isHeading || target instanceof HTMLSelectElement) {
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }
}

export function StepFrame({
  step,
  headingRef,
  onNext,
  onBack,
  nextLabel,
  busy,
  busyNote,
  error,
  formRef,
  children,
  extraActions,
}: {
  step: StepId;
  headingRef: Ref<HTMLHeadingElement>;
  onNext(): void | Promise<void>;
  onBack?: (() => void) | undefined;
  nextLabel?: string | undefined;
  busy?: boolean | undefined;
  busyNote?: string | undefined;
  error?: ShownError | null | undefined;
  formRef?: Ref<HTMLFormElement> | undefined;
  children: ReactNode;
  extraActions?: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = `intake-step-${step}`;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    void onNext();
  };
  return (
    <form
      ref={formRef}
      className={`card intake-step intake-step-${step}`}
      onSubmit={onSubmit}
      onKeyDown={enterAdvances}
      noValidate
      aria-labelledby={headingId}
    >
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        <span className="step-count">{t('intake.stepper.count', { n: stepIndex(step) + 1, total: STEPS.length })}</span>{' '}
        {t(`intake.steps.${step}`)}
      </h2>
      {children}
      <FormError error={error ?? null} />
      <div role="status" className={busy && busyNote ? 'busy-note' : 'visually-hidden'}>
        {busy && busyNote ? (
          <>
            <span className="spinner" aria-hidden="true" /> {busyNote}
          </>
        ) : null}
      </div>
      <div className="form-actions step-actions">
        {onBack ? (
          <button type="button" className="button" onClick={onBack}>
            {t('intake.actions.back')}
          </button>
        ) : null}
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {nextLabel ?? t('intake.actions.next')}
        </button>
        {extraActions}
      </div>
    </form>
  );
}
