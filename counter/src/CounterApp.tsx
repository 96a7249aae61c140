import { useCallback, useState, type ReactNode } from 'react';
import { useI18n } from '../../shared/src/ui/index.ts';
import type { CounterKey } from './i18n.ts';
import { LoginForm } from './LoginForm.tsx';
import { loadSession, saveSession, type CounterSession } from './session.ts';
import { Workspace } from './Workspace.tsx';

/**
 * Sign-in, then the window's workspace; the session lives in sessionStorage. Inside the hall
 * client the server is the shell's and the clerk signs in to the counter's bound window.
 */
export function CounterApp(props: {
  /** The hall server's origin: the shell's, or this page's. */
  readonly origin: string;
  /** The window this counter device is bound to (hall client); undefined = the clerk's own. */
  readonly windowId?: number | undefined;
}): ReactNode {
  const { origin } = props;
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
          const response = await fetch(`${origin}/api/v1/auth/logout`, {
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
  }, [token, origin, errorText]);

  if (session === null)
    return <LoginForm origin={origin} windowId={props.windowId} onSignedIn={signIn} />;
  return (
    <Workspace
      key={session.token}
      session={session}
      origin={origin}
      onSignOut={signOut}
      signOutError={signOutError}
    />
  );
}
