import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './kiosk.css';
import {
  SHELL_TOKEN_FAILURE_TEXT,
  serverConnection,
  shellFor,
} from '../../shared/src/client/shell-bridge.ts';
import { I18nProvider, queryParam } from '../../shared/src/ui/index.ts';
import { App } from './App.tsx';
import { kioskEn, kioskZh } from './messages.ts';
import { defaultTicketOutput } from './ticket-output.ts';

// Inside the hall client the shell gives the server, the device token and the printer. In a
// browser, `?device=` names the kiosk (for logs) and `?token=` is a paired device's token.
const shell = shellFor('kiosk');
const root = document.getElementById('root');

async function start(element: HTMLElement): Promise<void> {
  const reactRoot = createRoot(element);
  try {
    const { url, token } = await serverConnection(shell, queryParam('token'));
    const output = defaultTicketOutput(token, shell);
    reactRoot.render(
      <I18nProvider zh={kioskZh} en={kioskEn}>
        <App token={token} serverUrl={url} output={output} />
      </I18nProvider>,
    );
  } catch (error) {
    console.error(error);
    reactRoot.render(<main className="hq-shell-failure">{SHELL_TOKEN_FAILURE_TEXT}</main>);
  }
}

if (root !== null) void start(root);
