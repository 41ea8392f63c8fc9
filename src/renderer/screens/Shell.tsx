// The signed-in workstation: navigation, the open page and the status bar. Keyboard first:
// Alt+1…Alt+7 open the sections, Alt+L locks the screen, and every control is reachable by Tab.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/api/contract';
import { getClient } from '../api/client';
import { StatusBar } from '../components/StatusBar';
import { useIdleLock } from '../hooks/useIdleLock';
import { IntakePage } from '../pages/intake/IntakePage';
import { JournalsPage } from '../pages/journals/JournalsPage';
import { NotBuiltPage } from '../pages/NotBuiltPage';
import { QueuePage } from '../pages/queue/QueuePage';
import { RegistryPage } from '../pages/RegistryPage';
import { RequestPage } from '../pages/request/RequestPage';
import { SettingsPage } from '../pages/SettingsPage';
import { SyncPage } from '../pages/sync/SyncPage';
import { useAppDispatch, useAppSelector } from '../store';
import { lockScreen, refreshStation } from '../store/actions';
import { PAGES, pageOpened, type PageId } from '../store/navSlice';

const DIGIT_CODES = ['Digit1', 'Digit2', 'Digit3', 'Digit4', 'Digit5', 'Digit6', 'Digit7'] as const;

export function shortcutFor(page: PageId): string {
  return `Alt+${PAGES.indexOf(page) + 1}`;
}

export function Shell({ session, hidden }: { session: SessionInfo; hidden: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const page = useAppSelector((state) => state.nav.page);
  const openRequestId = useAppSelector((state) => state.nav.openRequestId);
  const idleLockMinutes = useAppSelector((state) => state.app.idleLockMinutes);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useIdleLock({
    minutes: idleLockMinutes,
    enabled: !hidden,
    onIdle: () => void lockScreen(getClient(), dispatch),
    onKeepAlive: () => void refreshStation(getClient(), dispatch),
  });

  // Keyboard shortcuts. `code` (the physical key) works whatever the keyboard layout: on the
  // Kazakh layout the digit row types letters.
  useEffect(() => {
    if (hidden) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const index = DIGIT_CODES.indexOf(event.code as (typeof DIGIT_CODES)[number]);
      if (index >= 0) {
        event.preventDefault();
        dispatch(pageOpened(PAGES[index] as PageId));
      } else if (event.code === 'KeyL') {
        event.preventDefault();
        void lockScreen(getClient(), dispatch);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, hidden]);

  // After moving to another page, focus its heading so the reader and the keyboard start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [page]);

  useEffect(() => {
    if (!hidden) document.title = `${t(`nav.${page}`)} — ${t('app.name')}`;
  }, [t, page, hidden]);

  return (
    <div className="shell" hidden={hidden} inert={hidden}>
      <a className="skip-link" href="#shell-main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            Q
          </span>
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>
          {PAGES.map((id) => (
            <li key={id}>
              <button
                type="button"
                className="nav-item"
                aria-current={page === id ? 'page' : undefined}
                aria-keyshortcuts={shortcutFor(id)}
                onClick={() => dispatch(pageOpened(id))}
              >
                <span className="nav-label">{t(`nav.${id}`)}</span>
                <kbd className="nav-kbd" aria-hidden="true">
                  {shortcutFor(id)}
                </kbd>
              </button>
            </li>
          ))}
        </ul>
        <p className="nav-help">{t('nav.shortcutsHelp')}</p>
      </nav>
      <main className="page" id="shell-main" ref={mainRef} tabIndex={-1}>
        {page === 'settings' ? (
          <SettingsPage session={session} />
        ) : page === 'registry' ? (
          <RegistryPage session={session} />
        ) : page === 'newRequest' ? (
          <IntakePage session={session} />
        ) : page === 'journals' ? (
          <JournalsPage session={session} />
        ) : page === 'sync' ? (
          <SyncPage session={session} />
        ) : page === 'queue' ? (
          openRequestId ? (
            <RequestPage key={openRequestId} session={session} requestId={openRequestId} />
          ) : (
            <QueuePage session={session} />
          )
        ) : (
          <NotBuiltPage page={page} />
        )}
      </main>
      <StatusBar session={session} />
    </div>
  );
}
