import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './counter.css';
import {
  SHELL_TOKEN_FAILURE_TEXT,
  serverBase,
  shellFor,
} from '../../shared/src/client/shell-bridge.ts';
import { I18nProvider } from '../../shared/src/ui/index.ts';
import { CounterApp } from './CounterApp.tsx';
import { counterEn, counterZh } from './i18n.ts';

// Inside the hall client: the shell's server, and the clerk signs in to the counter's window.
// The clerk's own session (not the device token) sends the calls, so every action is the
// signed-in clerk's, in the figures and in the audit trail.
const shell = shellFor('counter');
const root = document.getElementById('root');

async function start(element: HTMLElement): Promise<void> {
  const reactRoot = createRoot(element);
  let windowId: number | undefined;
  try {
    windowId =
      shell === undefined ? undefined : ((await shell.deviceConfig()).windowId ?? undefined);
  } catch (error) {
    console.error(error);
    reactRoot.render(<main className="hq-shell-failure">{SHELL_TOKEN_FAILURE_TEXT}</main>);
    return;
  }
  reactRoot.render(
    <I18nProvider zh={counterZh} en={counterEn}>
      <CounterApp origin={serverBase(shell) || globalThis.location.origin} windowId={windowId} />
    </I18nProvider>,
  );
}

if (root !== null) void start(root);
