import { useCallback, useState, type ReactNode } from 'react';
import { useI18n } from '../../shared/src/ui/index.ts';
import type { CounterKey } from './i18n.ts';
import { LoginForm } from './LoginForm.tsx';
import { loadSession, saveSession, type CounterSession } from './session.ts';
import { Workspace } from './Workspace.tsx';

/** Sign-in, then the window's workspace; the session lives in sessionStorage. */
export function CounterApp(): ReactNode {
  const { errorText } = useI18n<CounterKey>();
  const [session, setSession] = useState<CounterSession | null>(loadSession);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  const signIn = (next: CounterSession): void => {
    saveSession(next);
    setSignOutError(null);
    setSession(next);
  };

  const token = session?.token ?? null;
  const signOut = useCallback(() => {
    void (async () => {
      if (token !== null) {
        try {
          const response = await fetch('/api/v1/auth/logout', {
            method: 'POST',
            headers: { authorization: `Bearer ${token}` },
          });
          // 401: the session had already ended; either way it is gone now.
          if (!response.ok && response.status !== 401) {
            setSignOutError(errorText({ code: 'internal', message: `HTTP ${response.status}` }));
            return;
          }
        } catch {
          setSignOutError(errorText({ code: 'unavailable', message: 'offline' }));
          return;
        }
      }
      saveSession(null);
      setSignOutError(null);
      setSession(null);
    })();
  }, [token, errorText]);

  if (session === null) return <LoginForm onSignedIn={signIn} />;
  return (
    <Workspace
      key={session.token}
      session={session}
      onSignOut={signOut}
      signOutError={signOutError}
    />
  );
}
