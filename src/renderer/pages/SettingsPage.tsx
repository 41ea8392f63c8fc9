// Settings: language, own password, the central server's state and the electronic signature (tokens,
// key files, trust, verifying a file) for everyone; for administrators also enrolment with a central
// server, the token modules and trusted certificates, the service provider's details printed on issued
// documents, the idle lock, staff management and the audit log.
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/api/contract';
import { hasRole } from '../../shared/domain/roles';
import { LanguageSelect } from '../components/LanguageSelect';
import { AttachmentLimitsSection } from './settings/AttachmentLimitsSection';
import { AuditLogSection } from './settings/AuditLogSection';
import { CentralServerSection } from './settings/CentralServerSection';
import { ChangePasswordSection } from './settings/ChangePasswordSection';
import { IdleLockSection } from './settings/IdleLockSection';
import { ProviderProfileSection } from './settings/ProviderProfileSection';
import { SigningSection } from './settings/SigningSection';
import { StaffSection } from './settings/StaffSection';

export function SettingsPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const isAdmin = hasRole(session.roles, 'administrator');
  return (
    <div className="page-section">
      <h1 tabIndex={-1}>{t('nav.settings')}</h1>
      <section className="card" aria-labelledby="settings-language">
        <h2 id="settings-language">{t('settings.languageHeading')}</h2>
        <p className="muted">{t('settings.languageHelp')}</p>
        <LanguageSelect />
      </section>
      <ChangePasswordSection />
      <CentralServerSection isAdmin={isAdmin} />
      <SigningSection isAdmin={isAdmin} />
      <AttachmentLimitsSection isAdmin={isAdmin} />
      {isAdmin ? (
        <>
          <ProviderProfileSection />
          <IdleLockSection />
          <StaffSection session={session} />
          <AuditLogSection />
        </>
      ) : (
        <p className="muted">{t('settings.adminOnlyNote')}</p>
      )}
    </div>
  );
}
