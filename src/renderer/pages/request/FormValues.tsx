// The request's form as the service's catalogue definition describes it (labels and options in the
// UI language, dates as dd.MM.yyyy), and the documents checklist: which of the service's documents
// the applicant presented, and how.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  conditionHolds,
  documentsFor,
  formFields,
  serviceByCode,
  type CatalogueService,
  type FieldDefinition,
} from '../../../shared/catalogue';
import { checkIin } from '../../../shared/domain/iin';
import type { Address } from '../../../shared/registry';
import type { RequestDetail } from '../../../shared/requests/api';
import { addressText, displayDate } from '../registry/format';
import { localised } from '../queue/format';

function fieldsOf(service: CatalogueService, operation: string | null): readonly FieldDefinition[] {
  try {
    return formFields(service, operation ?? undefined);
  } catch {
    // An operation the catalogue no longer has: show every field that has a value.
    return service.fields;
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function optionLabel(field: FieldDefinition, value: unknown, language: string): string {
  const option = field.options?.find((candidate) => candidate.value === value);
  return option ? localised(option.label, language) : String(value);
}

/** A stored value as staff read it. */
function valueText(t: TFunction, field: FieldDefinition, value: unknown, language: string): ReactNode {
  if (isEmpty(value)) return <span className="muted">{t('request.form.empty')}</span>;
  switch (field.type) {
    case 'date':
      return typeof value === 'string' ? displayDate(value) : String(value);
    case 'datetime': {
      const [date, time] = typeof value === 'string' ? value.split('T') : [];
      return date && time ? `${displayDate(date)} ${time}` : String(value);
    }
    case 'checkbox':
      return value === true ? t('common.yes') : t('common.no');
    case 'select':
      return optionLabel(field, value, language);
    case 'multiselect':
      return Array.isArray(value) ? value.map((item) => optionLabel(field, item, language)).join(', ') : String(value);
    case 'address':
      return typeof value === 'object' ? addressText(t, value as Address) : String(value);
    case 'list':
      if (!Array.isArray(value)) return String(value);
      return (
        <ol className="form-list">
          {value.map((item, index) => (
            <li key={index}>
              <FieldList fields={field.itemFields ?? []} values={(item ?? {}) as Record<string, unknown>} language={language} />
            </li>
          ))}
        </ol>
      );
    case 'textarea':
      return <span className="pre-wrap">{String(value)}</span>;
    case 'iin':
    case 'bin':
    case 'phone':
      return <span className="mono">{String(value)}</span>;
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function FieldList({ fields, values, language }: { fields: readonly FieldDefinition[]; values: Record<string, unknown>; language: string }) {
  const { t } = useTranslation();
  const shown = fields.filter((field) => {
    // A field asked only under a condition that does not hold was not asked at all.
    if (field.when && conditionHolds(field.when, { values }) === false) return false;
    return true;
  });
  return (
    <dl className="record form-record">
      {shown.map((field) => (
        <div key={field.id} className="record-row">
          <dt>{localised(field.label, language)}</dt>
          <dd>{valueText(t, field, values[field.id], language)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function FormValues({ detail }: { detail: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const service = serviceByCode(detail.service);
  if (!service) return null;
  const fields = fieldsOf(service, detail.operation);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('request.form.heading')}</h2>
      {fields.length === 0 ? (
        <p className="muted">{t('request.form.noFields')}</p>
      ) : (
        <FieldList fields={fields} values={detail.form} language={i18n.language} />
      )}
    </section>
  );
}

/** Today in Almaty, yyyy-MM-dd (for documents that depend on the applicant's age). */
function almatyToday(): string {
  return new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
}

export function DocumentsChecklist({ detail }: { detail: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const service = serviceByCode(detail.service);
  if (!service) return null;
  const birth = detail.applicant.kind === 'person' ? checkIin(detail.applicant.id) : null;
  const documents = documentsFor(service, detail.channel, {
    values: detail.form,
    ...(detail.operation ? { operation: detail.operation } : {}),
    ...(birth?.valid ? { applicantBirthDate: birth.birthDate } : {}),
    today: almatyToday(),
  });
  const language = i18n.language;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('request.documents.heading')}</h2>
      {documents.length === 0 ? (
        <p className="muted">{t('request.documents.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table documents-table">
            <caption className="visually-hidden">{t('request.documents.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('request.documents.document')}</th>
                <th scope="col">{t('request.documents.mandatory')}</th>
                <th scope="col">{t('request.documents.presented')}</th>
              </tr>
            </thead>
            <tbody>
              {documents.map(({ document, mandatory }) => {
                const mark = detail.documents[document.code];
                return (
                  <tr key={document.code}>
                    <th scope="row">{localised(document.names, language)}</th>
                    <td>
                      {mandatory === true
                        ? t('request.documents.required')
                        : mandatory === false
                          ? t('request.documents.optional')
                          : t('request.documents.depends')}
                    </td>
                    <td>
                      {mark?.presented ? (
                        <span className="badge badge-ok">
                          {t('request.documents.yes')}
                          {mark.presentation ? ` — ${t(`request.documents.presentations.${mark.presentation}`)}` : ''}
                        </span>
                      ) : (
                        <span className={`badge ${mandatory === true ? 'badge-danger' : 'badge-off'}`}>
                          {t('request.documents.no')}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
