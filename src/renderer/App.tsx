// Which screen shows: decided by the service's state (first run, database error, ready), the
// session (none, locked, open) and the link to the service.
import type { ReactNode } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { DatabaseErrorScreen } from './screens/DatabaseErrorScreen';
import { FirstRunScreen } from './screens/FirstRunScreen';
import { LoadingScreen, NoConnectionScreen } from './screens/LoadingScreen';
import { LockScreen } from './screens/LockScreen';
import { Shell } from './screens/Shell';
import { SignInScreen } from './screens/SignInScreen';
import { useAppSelector } from './store';

export function App() {
  const phase = useAppSelector((state) => state.app.phase);
  const connection = useAppSelector((state) => state.connection.state);
  const session = useAppSelector((state) => state.session.current);
  const sessionKnown = useAppSelector((state) => state.session.known);

  let screen: ReactNode;
  if (connection === 'unavailable') screen = <NoConnectionScreen />;
  else if (phase === 'loading') screen = <LoadingScreen />;
  else if (phase === 'database_error') screen = <DatabaseErrorScreen />;
  else if (phase === 'first_run') screen = <FirstRunScreen />;
  else if (!sessionKnown) screen = <LoadingScreen />;
  else if (!session) screen = <SignInScreen />;
  else
    screen = (
      <>
        {session.locked ? <LockScreen session={session} /> : null}
        {/* Kept mounted (hidden and inert) under the lock so that nothing typed is lost. */}
        <Shell key={session.staffId} session={session} hidden={session.locked} />
      </>
    );

  return (
    <div className="app" data-phase={phase}>
      <ConnectionBanner />
      {screen}
    </div>
  );
}
