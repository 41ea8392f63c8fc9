// A labelled file input that shows its problem next to it (translated) and announces it, like TextField.
import { useId, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import { issueMessage } from '../i18n';

export interface FileFieldProps {
  label: ReactNode;
  /** e.g. ".p7s,.sig,.cms" */
  accept?: string;
  hint?: string;
  issue?: FieldIssue | undefined;
  onFile(file: File | null): void;
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}

export function FileField({ label, accept, hint, issue, onFile, inputRef, disabled }: FileFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, issue ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className="field file-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="file"
        accept={accept}
        disabled={disabled}
        onChange={(event) => onFile(event.target.files?.[0] ?? null)}
        aria-invalid={issue ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {issue ? (
        <p className="field-error" id={errorId} role="alert">
          {issueMessage(t, issue)}
        </p>
      ) : null}
    </div>
  );
}
