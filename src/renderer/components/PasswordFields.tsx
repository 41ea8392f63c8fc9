// A new password typed twice, checked with the shared password rule.
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import { PASSWORD_MIN } from '../../shared/validation';
import { TextField } from './Field';

export interface NewPasswordFieldsProps {
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
  passwordIssue?: FieldIssue | undefined;
  confirmIssue?: FieldIssue | undefined;
  passwordLabel?: string;
  confirmLabel?: string;
}

export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={props.passwordLabel ?? t('fields.newPassword')}
        type="password"
        autoComplete="new-password"
        value={props.password}
        onValueChange={props.onPassword}
        issue={props.passwordIssue}
        hint={t('password.rule', { min: PASSWORD_MIN })}
      />
      <TextField
        label={props.confirmLabel ?? t('fields.confirmPassword')}
        type="password"
        autoComplete="new-password"
        value={props.confirm}
        onValueChange={props.onConfirm}
        issue={props.confirmIssue}
      />
    </>
  );
}
