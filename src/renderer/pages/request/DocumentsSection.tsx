// Issuing the request's result as a signed document (or ending it with a reasoned refusal): choose
// the document — the results for the request's channel first, then the refusal — fill in what its
// template asks, look at the preview, and sign it (the authorised signer: the PIN dialog, the
// signature inside the PDF, the decision recorded with it) or save it for signing (a case officer:
// the signer then finds it filled in). Below, the signed documents and how they reach the applicant.
// A request whose applicant this workstation has no state registry answer about (it came from the
// portal or from another workstation, or the answer kept here expired) cannot be made into a document
// yet: a notice offers the lookup and, once the registry answered, the preview that failed is made
// again (what was typed stays).
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { DocumentChoice, DocumentOptions, DocumentPreview, IssuedDocumentSummary } from '../../../shared/documents';
import { formatDateTime } from '../../../shared/format';
import type { RequestDetail } from '../../../shared/requests/api';
import { call, type ApiClientError } from '../../api/client';
import { SignDialog } from '../../components/SignDialog';
import { focusFirstInvalid } from '../../forms/validation';
import { localised } from '../queue/format';
import { DocumentInputs } from './DocumentInputs';
import { formInputs, fromDetails, issuesByInput, toDetails, type InputIssues, type UiValue, type UiValues } from './document-values';
import { ApplicantLookup, type ApplicantSystem } from './ApplicantLookup';
import { DocumentError, documentError, IssuedDocuments, type DocumentErrorView } from './IssuedDocuments';
import './documents.css';

/** While the central server has not confirmed a document, its state is read again this often. */
const REGISTER_POLL_MS = 4000;

interface Preview extends DocumentPreview {
  kind: string;
  stale: boolean;
}

export function DocumentsSection({
  detail,
  onChanged,
  onReload,
}: {
  detail: RequestDetail;
  onChanged(detail: RequestDetail): void;
  onReload(): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const previewRef = useRef<HTMLHeadingElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const previewButtonRef = useRef<HTMLButtonElement>(null);
  const lookupHeadingRef = useRef<HTMLHeadingElement>(null);
  /** What failed for want of the applicant's registry data, to be made again once the registry answered. */
  const retryAfterLookup = useRef<'preview' | 'sign' | null>(null);
  /** The document the person picked themselves (kept while it is offered); otherwise the default one follows the options. */
  const picked = useRef<string | null>(null);
  /** A new preview takes the keyboard once it is on screen. */
  const focusPreview = useRef(false);
  const [options, setOptions] = useState<DocumentOptions | null>(null);
  const [documents, setDocuments] = useState<IssuedDocumentSummary[] | null>(null);
  const [loadError, setLoadError] = useState<DocumentErrorView | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  /** What was typed, per document kind (switching documents loses nothing). */
  const [values, setValues] = useState<Record<string, UiValues>>({});
  const [issues, setIssues] = useState<InputIssues>({});
  const [formError, setFormError] = useState<DocumentErrorView | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [signing, setSigning] = useState<{ choice: DocumentChoice; details: Record<string, unknown> } | null>(null);
  const [note, setNote] = useState<{ what: 'signed' | 'saved' | 'applicant'; title?: string; number?: string } | null>(null);
  /** A preview or signature refused for want of the applicant's registry data (the options may not have said so yet). */
  const [applicantGap, setApplicantGap] = useState<ApplicantSystem | null>(null);
  /** Bumped when the lookup notice is to take the keyboard (after a refusal for want of the data). */
  const [focusLookup, setFocusLookup] = useState(0);
  const [focusId, setFocusId] = useState<string | null>(null);

  /**
   * New options: the document the person picked stays while it is still offered; otherwise the one
   * prepared for signing (filled in as it was saved), else the first result for the request's channel
   * (a request taken into review now offers its result, not only the refusal).
   */
  const adopt = useCallback(
    (next: DocumentOptions) => {
      setOptions(next);
      // The applicant's registry data are here now (looked up on this page or elsewhere).
      if (!next.applicantMissing) setApplicantGap(null);
      if (next.choices.length === 0) return;
      const draft = next.draft ? next.choices.find((item) => item.kind === next.draft?.kind) : undefined;
      const first = draft ?? next.choices.find((item) => item.forChannel) ?? next.choices[0]!;
      const keep = picked.current !== null && next.choices.some((item) => item.kind === picked.current);
      setKind(keep ? picked.current : first.kind);
      if (draft && next.draft) {
        const prepared = fromDetails(formInputs(draft.inputs, draft.kind, next, detail.service), next.draft.details);
        setValues((current) => (current[draft.kind] ? current : { ...current, [draft.kind]: prepared }));
      }
    },
    [detail.service],
  );

  // Read again whenever the request changes (a signature, a delivery, another step).
  const version = `${detail.state}:${detail.history.length}`;
  useEffect(() => {
    let live = true;
    Promise.all([call('documents.options', { requestId: detail.id }), call('documents.list', { requestId: detail.id })]).then(
      ([nextOptions, list]) => {
        if (!live) return;
        adopt(nextOptions);
        setDocuments(list);
        setLoadError(null);
      },
      (error: unknown) => live && setLoadError(documentError(error)),
    );
    return () => {
      live = false;
    };
  }, [detail.id, version, adopt]);

  // The central server learns of a document right after it is signed: its state follows.
  const pending = documents?.some((doc) => doc.serverState === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      call('documents.list', { requestId: detail.id }).then(setDocuments, () => undefined);
    }, REGISTER_POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, documents, detail.id]);

  useEffect(() => {
    if (!focusPreview.current || !preview || !previewRef.current) return;
    focusPreview.current = false;
    previewRef.current.focus();
  }, [preview]);

  useEffect(() => {
    if (focusLookup > 0) lookupHeadingRef.current?.focus();
  }, [focusLookup]);

  const choices = useMemo(() => options?.choices ?? [], [options]);
  const choice = choices.find((item) => item.kind === kind) ?? null;
  const inputs = useMemo(
    () => (choice && options ? formInputs(choice.inputs, choice.kind, options, detail.service) : []),
    [choice, options, detail.service],
  );

  const current = (kind && values[kind]) || {};

  const change = (id: string, value: UiValue) => {
    if (!kind) return;
    setValues((all) => ({ ...all, [kind]: { ...(all[kind] ?? {}), [id]: value } }));
    setIssues((all) => {
      const next = { ...all };
      for (const path of Object.keys(next)) if (path === id || path.startsWith(`${id}[`)) delete next[path];
      return next;
    });
    setPreview((shown) => (shown && !shown.stale ? { ...shown, stale: true } : shown));
    setNote(null);
  };

  /** The details to send, or null after showing what is to be corrected. */
  const checked = (): Record<string, unknown> | null => {
    setFormError(null);
    setNote(null);
    const result = toDetails(inputs, current);
    setIssues(result.issues);
    if (Object.keys(result.issues).length > 0) {
      setFormError({ code: 'invalid_input' });
      focusFirstInvalid(formRef.current);
      return null;
    }
    return result.details;
  };

  /** A refused call: field problems at their fields, the missing applicant data at the lookup notice, the rest above the buttons. */
  const refused = useCallback(
    (error: unknown, attempt: 'preview' | 'save' | 'sign') => {
      const shown = documentError(error);
      if (shown.code === 'applicant_data_unavailable') {
        setApplicantGap(shown.params?.system === 'legal_entities' ? 'legal_entities' : 'individuals');
        retryAfterLookup.current = attempt === 'save' ? null : attempt;
        setFormError(null);
        setFocusLookup((n) => n + 1);
        return;
      }
      const { inputs: byInput } = issuesByInput(shown.issues ?? []);
      setIssues(byInput);
      setFormError(shown);
      if (Object.keys(byInput).length > 0) focusFirstInvalid(formRef.current);
      if (shown.code === 'request_state' || shown.issues?.some((issue) => issue.code === 'document.kind_not_available')) onReload();
    },
    [onReload],
  );

  const showPreview = async () => {
    if (!choice || busy) return;
    const details = checked();
    if (!details) return;
    setBusy('preview');
    try {
      const result = await call('documents.preview', { requestId: detail.id, kind: choice.kind, details });
      focusPreview.current = true;
      setPreview({ ...result, kind: choice.kind, stale: false });
    } catch (error) {
      refused(error, 'preview');
    } finally {
      setBusy(null);
    }
  };

  const saveDraft = async () => {
    if (!choice || busy) return;
    const details = checked();
    if (!details) return;
    setBusy('save');
    try {
      adopt(await call('documents.saveDraft', { requestId: detail.id, kind: choice.kind, details }));
      setNote({ what: 'saved' });
    } catch (error) {
      refused(error, 'save');
    } finally {
      setBusy(null);
    }
  };

  // The latest preview (with what is typed now): the lookup may take a while, and typing goes on meanwhile.
  const previewNow = useRef(showPreview);
  useEffect(() => {
    previewNow.current = showPreview;
  });

  /**
   * The registry answered with the applicant's record (the registry service keeps it on this
   * workstation): the options again, then the preview that failed for want of it is made again; after
   * a refused signature the keyboard goes back to the signing button, otherwise to the preview's.
   */
  const applicantFound = async (name: string): Promise<boolean> => {
    const next = await call('documents.options', { requestId: detail.id });
    adopt(next);
    if (next.applicantMissing) return false;
    const retry = retryAfterLookup.current;
    retryAfterLookup.current = null;
    if (retry === 'preview') void previewNow.current();
    else requestAnimationFrame(() => (retry === 'sign' ? submitRef : previewButtonRef).current?.focus());
    setNote({ what: 'applicant', title: name });
    return true;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!choice || busy) return;
    if (!options?.canSign) {
      void saveDraft();
      return;
    }
    const details = checked();
    if (details) setSigning({ choice, details });
  };

  const signed = (result: { document: IssuedDocumentSummary; request: RequestDetail }) => {
    setSigning(null);
    setPreview(null);
    setIssues({});
    setFormError(null);
    setValues((all) => {
      const next = { ...all };
      delete next[result.document.kind];
      return next;
    });
    setDocuments((list) => [...(list ?? []).filter((doc) => doc.id !== result.document.id), result.document]);
    setNote({ what: 'signed', title: localised(result.document.names, language), number: result.document.number });
    setFocusId(result.document.id);
    onChanged(result.request);
  };

  const delivered = (result: { document: IssuedDocumentSummary; request: RequestDetail }) => {
    setDocuments((list) => (list ?? []).map((doc) => (doc.id === result.document.id ? result.document : doc)));
    setFocusId(null);
    if (result.request.state !== detail.state || result.request.history.length !== detail.history.length) onChanged(result.request);
  };

  if (loadError && !options) {
    return (
      <section className="card request-documents" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('documents.heading')}</h2>
        <DocumentError error={loadError} />
      </section>
    );
  }
  if (!options || !documents) {
    return (
      <section className="card request-documents" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('documents.heading')}</h2>
        <p role="status" className="muted">
          {t('documents.loading')}
        </p>
      </section>
    );
  }
  // Nothing to issue and nothing issued (a draft, a withdrawn request): the section stays away.
  if (choices.length === 0 && documents.length === 0) return null;

  const title = choice ? localised(choice.names, language) : '';
  const groupName = `${headingId}-kind`;
  const draft = options.draft;
  const shownPreview = preview && preview.kind === kind ? preview : null;
  const applicantMissing = options.applicantMissing ?? applicantGap;

  return (
    <section className="card request-documents" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('documents.heading')}</h2>
      <div className={note ? 'form-success' : 'visually-hidden'} role="status">
        {note?.what === 'signed' ? (
          <Trans i18nKey="documents.signed" values={{ title: note.title, number: note.number }} components={[<span key="number" translate="no" />]} />
        ) : note?.what === 'saved' ? (
          t('documents.draft.saved')
        ) : note?.what === 'applicant' ? (
          t('documents.applicant.found', { name: note.title })
        ) : null}
      </div>

      {choices.length > 0 && options.blocked ? (
        <div className="notice notice-info document-blocked" role="note" aria-labelledby={`${headingId}-blocked`}>
          <p className="notice-title" id={`${headingId}-blocked`}>
            {t('documents.blocked.title')}
          </p>
          <p>{t(`documents.blocked.${options.blocked}`)}</p>
        </div>
      ) : null}

      {choices.length > 0 && !options.blocked && applicantMissing ? (
        <ApplicantLookup ref={lookupHeadingRef} detail={detail} system={applicantMissing} onFound={applicantFound} />
      ) : null}

      {choices.length > 0 && !options.blocked ? (
        <form ref={formRef} className="form document-form" onSubmit={submit} noValidate aria-labelledby={headingId}>
          <p className="field-hint">{t('documents.intro')}</p>
          {draft ? (
            <p className="notice notice-safe draft-note">
              {t('documents.draft.note', { name: draft.updatedByName ?? t('documents.draft.unknownName'), time: formatDateTime(draft.updatedAt) })}
            </p>
          ) : null}
          <fieldset className="field document-choice">
            <legend>{t('documents.choose')}</legend>
            <div className="radio-options radio-column">
              {choices.map((item) => (
                <label key={item.kind} className="radio">
                  <input
                    type="radio"
                    name={groupName}
                    value={item.kind}
                    checked={kind === item.kind}
                    onChange={() => {
                      picked.current = item.kind;
                      setKind(item.kind);
                      setIssues({});
                      setFormError(null);
                      setNote(null);
                    }}
                  />
                  <span>
                    {localised(item.names, language)}
                    {item.action === 'mark_result_ready' && !item.forChannel ? <span className="muted"> ({t('documents.otherChannel')})</span> : null}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {choice ? (
            <>
              <p className="field-hint">{t(`documents.kindHint.${choice.action}`)}</p>
              <fieldset className="field document-details">
                <legend>{t('documents.inputs')}</legend>
                {inputs.length === 0 ? (
                  <p className="muted">{t('documents.noInputs')}</p>
                ) : (
                  <DocumentInputs inputs={inputs} values={current} onChange={change} issues={issues} disabled={busy !== null} />
                )}
              </fieldset>
              <p className="field-hint">{t(options.canSign ? 'documents.signerNote' : 'documents.notSigner')}</p>
              <DocumentError error={formError} />
              <div className="form-actions">
                <button ref={previewButtonRef} type="button" className="button" aria-disabled={busy ? true : undefined} onClick={() => void showPreview()}>
                  {busy === 'preview' ? (
                    <>
                      <span className="spinner small-spinner" aria-hidden="true" /> {t('documents.actions.previewing')}
                    </>
                  ) : (
                    t('documents.actions.preview')
                  )}
                </button>
                <button ref={submitRef} type="submit" className={`button ${choice.action === 'refuse' ? 'danger' : 'primary'}`} aria-disabled={busy ? true : undefined}>
                  {options.canSign ? t('documents.actions.sign') : t('documents.actions.saveDraft')}
                  {options.canSign ? ' ' : null}
                  {options.canSign ? <span className="badge badge-warn">{t('request.signature.tag')}</span> : null}
                </button>
              </div>
            </>
          ) : null}
        </form>
      ) : null}

      {shownPreview && choice ? (
        <section className="document-preview" aria-labelledby={`${headingId}-preview`}>
          <h3 id={`${headingId}-preview`} ref={previewRef} tabIndex={-1}>
            {t('documents.preview.heading')}: {title}
          </h3>
          <p className="field-hint">
            <Trans i18nKey="documents.preview.number" values={{ number: shownPreview.number }} components={[<span key="number" translate="no" />]} />
          </p>
          {shownPreview.stale ? <p className="notice notice-info">{t('documents.preview.stale')}</p> : null}
          <div className="preview-pages">
            {shownPreview.images.map((image, index) => (
              <img
                key={index}
                className="preview-page"
                src={`data:${image.mime};base64,${image.data}`}
                width={image.width}
                height={image.height}
                alt={t('documents.preview.alt', { title, n: index + 1, total: shownPreview.images.length })}
              />
            ))}
          </div>
        </section>
      ) : null}

      <IssuedDocuments detail={detail} documents={documents} focusId={focusId} onDelivered={delivered} />

      {signing ? (
        <SignDialog<{ document: IssuedDocumentSummary; request: RequestDetail }>
          requestId={detail.id}
          action={signing.choice.action}
          {...(signing.choice.action === 'refuse'
            ? { decision: { reason: String(signing.details.reason ?? ''), refusalGround: String(signing.details.ground ?? '') } }
            : {})}
          subject={<p className="sign-subject">{t('documents.sign.subject', { title: localised(signing.choice.names, language) })}</p>}
          sign={(key, pin) => call('documents.sign', { requestId: detail.id, kind: signing.choice.kind, details: signing.details, key, pin })}
          takeError={(error: ApiClientError) => {
            // Field problems and a changed request are the form's to show: the dialog closes.
            if (error.code !== 'invalid_input' && error.code !== 'request_state' && error.code !== 'document_blocked' && error.code !== 'applicant_data_unavailable') return false;
            setSigning(null);
            refused(error, 'sign');
            return true;
          }}
          onSigned={signed}
          onCancel={() => {
            setSigning(null);
            requestAnimationFrame(() => submitRef.current?.focus());
          }}
        />
      ) : null}
    </section>
  );
}
