// One certificate as a person checks it: whose it is (name, IIN, organisation and BIN), who issued it,
// when it is valid, what the key is for and the НУЦ РК roles, with clear markers when it is expired or
// not a signing key.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../shared/signing';
import { certificateMarkers, issuerName, keyUsageKind, ownerName, validityRange } from './format';

const MARKER_KEYS = {
  expired: 'signing.certificate.expired',
  not_yet_valid: 'signing.certificate.notYetValid',
  not_signing: 'signing.certificate.notSigning',
} as const;

export function CertificateDetails({
  info,
  headingLevel = 4,
  hasPrivateKey,
  now,
}: {
  info: CertificateInfo;
  headingLevel?: 3 | 4 | 5;
  /** For token certificates: false when the token shows no private key for it. */
  hasPrivateKey?: boolean | null;
  now?: Date;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const name = ownerName(info.subject) || t('signing.certificate.noName');
  const markers = certificateMarkers(info, now);
  const usage = keyUsageKind(info);
  const Heading = `h${headingLevel}` as const;
  const { organisation, bin } = info.subject;
  return (
    <article className="certificate" aria-labelledby={headingId}>
      <Heading id={headingId} className="certificate-name" translate="no">
        {name}
      </Heading>
      {markers.length > 0 || hasPrivateKey === false ? (
        <p className="certificate-markers">
          {markers.map((marker) => (
            <span key={marker} className={`badge ${marker === 'not_signing' ? 'badge-warn' : 'badge-danger'}`}>
              {t(MARKER_KEYS[marker])}
            </span>
          ))}
          {hasPrivateKey === false ? <span className="badge badge-warn">{t('signing.certificate.noPrivateKey')}</span> : null}
        </p>
      ) : null}
      <dl className="facts compact certificate-facts">
        <div>
          <dt>{t('signing.certificate.owner')}</dt>
          <dd translate="no">{name}</dd>
        </div>
        <div>
          <dt>{t('signing.certificate.iin')}</dt>
          <dd className="mono">{info.subject.iin ?? '—'}</dd>
        </div>
        {organisation || bin ? (
          <div>
            <dt>{t('signing.certificate.organisation')}</dt>
            <dd translate="no">{bin ? t('signing.certificate.orgWithBin', { name: organisation ?? '—', bin }) : organisation}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('signing.certificate.issuer')}</dt>
          <dd translate="no">{issuerName(info.issuer)}</dd>
        </div>
        <div>
          <dt>{t('signing.certificate.validity')}</dt>
          <dd>{validityRange(info)}</dd>
        </div>
        <div>
          <dt>{t('signing.certificate.usage')}</dt>
          <dd>
            {usage === 'sign'
              ? t('signing.certificate.usageSign')
              : usage === 'auth'
                ? t('signing.certificate.usageAuth')
                : t('signing.certificate.usageOther')}
          </dd>
        </div>
        <div>
          <dt>{t('signing.certificate.roles')}</dt>
          <dd>{info.roles.length > 0 ? info.roles.map((role) => t(`signing.roles.${role}`)).join(', ') : t('signing.certificate.noRoles')}</dd>
        </div>
        <div>
          <dt>{t('signing.certificate.serial')}</dt>
          <dd className="mono" translate="no">
            {info.serialHex}
          </dd>
        </div>
      </dl>
    </article>
  );
}
