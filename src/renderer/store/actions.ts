// The renderer's dealings with the service that change the store: start-up, events, session changes.
import type { SessionInfo } from '../../shared/api/contract';
import { ApiClientError, type Client } from '../api/client';
import { isLocale, rememberedLocale, switchLanguage } from '../i18n';
import type { AppDispatch, AppStore } from './index';
import { localeChanged, statusLoaded } from './appSlice';
import { connectionChanged } from './connectionSlice';
import { noticeShown, screenLocked, sessionChanged } from './sessionSlice';
import { stationChanged } from './stationSlice';

/** Asks the service where it stands (state, locale, session) and fills the store. */
export async function loadApp(client: Client, dispatch: AppDispatch): Promise<void> {
  const status = await client.call('app.status', {});
  dispatch(statusLoaded(status));
  // A broken database keeps no settings: keep the language last used on this machine.
  const locale = status.state === 'database_error' ? rememberedLocale() : status.locale;
  if (isLocale(locale)) {
    dispatch(localeChanged(locale));
    await switchLanguage(locale);
  }
  if (status.state !== 'ready') {
    dispatch(sessionChanged(null));
    return;
  }
  const session = await client.call('auth.session', {});
  applySession(client, dispatch, session);
}

export function applySession(client: Client, dispatch: AppDispatch, session: SessionInfo | null): void {
  dispatch(sessionChanged(session));
  if (session && !session.locked) void refreshStation(client, dispatch);
}

export async function refreshStation(client: Client, dispatch: AppDispatch): Promise<void> {
  try {
    dispatch(stationChanged(await client.call('station.status', {})));
  } catch {
    // screen_locked / not_signed_in are handled by the error observer
  }
}

let signingOut = false;

/** Signs out on purpose: no "you were signed out" note afterwards. */
export async function signOut(client: Client, dispatch: AppDispatch): Promise<void> {
  signingOut = true;
  try {
    await client.call('auth.signOut', {});
  } catch {
    // whatever the service says, this window is signed out
  } finally {
    signingOut = false;
  }
  dispatch(sessionChanged(null));
  dispatch(noticeShown(null));
}

/** Locks the screen now (the Lock button, Alt+L, or the idle timer). */
export async function lockScreen(client: Client, dispatch: AppDispatch): Promise<void> {
  try {
    applySession(client, dispatch, await client.call('auth.lock', {}));
  } catch {
    // screen_locked: already locked (handled by the error observer); otherwise lock the view anyway
    dispatch(screenLocked());
  }
}

/** Wires the client's events and connection state into the store. Returns an unsubscribe. */
export function connectClient(client: Client, store: AppStore): () => void {
  const { dispatch } = store;
  const offs: Array<() => void> = [];
  const start = () =>
    loadApp(client, dispatch).catch((error: unknown) => {
      // connection_lost: the reconnect will try again
      if (!(error instanceof ApiClientError) || error.code !== 'connection_lost') {
        console.error('could not load the workstation status', error);
      }
    });

  offs.push(
    client.onEvent('session.changed', (session) => {
      const before = store.getState().session.current;
      dispatch(sessionChanged(session));
      if (before && !session && !signingOut) dispatch(noticeShown({ code: 'signed_out' }));
      if (session && !session.locked && (!before || before.locked)) void refreshStation(client, dispatch);
    }),
    client.onEvent('station.status', (status) => dispatch(stationChanged(status))),
    client.onError((error, method) => {
      const session = store.getState().session.current;
      if (error.code === 'screen_locked') dispatch(screenLocked());
      else if (error.code === 'account_locked' && method === 'auth.unlock') {
        dispatch(sessionChanged(null));
        dispatch(noticeShown({ code: 'locked_out', params: error.params }));
      } else if (error.code === 'not_signed_in' && session && method !== 'auth.signIn') {
        dispatch(sessionChanged(null));
        dispatch(noticeShown({ code: 'signed_out' }));
      }
    }),
    client.onConnectionState((state) => {
      const previous = store.getState().connection.state;
      dispatch(connectionChanged(state));
      if (state === 'lost' && store.getState().session.current) {
        // The service forgets a connection's session when the connection goes: so does the UI.
        dispatch(sessionChanged(null));
        dispatch(noticeShown({ code: 'connection_interrupted' }));
      }
      if (state === 'open' && previous !== 'open' && previous !== 'connecting') void start();
    }),
  );
  dispatch(connectionChanged(client.connectionState()));
  if (client.connectionState() !== 'unavailable') void start();
  return () => offs.forEach((off) => off());
}
