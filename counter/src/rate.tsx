import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './rate.css';
import {
  SHELL_TOKEN_FAILURE_TEXT,
  serverConnection,
  shellFor,
} from '../../shared/src/client/shell-bridge.ts';
import { I18nProvider, queryParam } from '../../shared/src/ui/index.ts';
import { rateEn, rateZh } from './i18n.ts';
import { RateApp } from './RateApp.tsx';

function windowParam(): number | null {
  const raw = queryParam('window');
  if (raw === null || !/^\d{1,4}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 ? n : null;
}

// Inside the hall client the rating pad is a paired rating device: the shell gives the server,
// the device token and the window it is bound to (the URL's `?window=` does not count there).
const shell = shellFor('rating');
const root = document.getElementById('root');

async function start(element: HTMLElement): Promise<void> {
  const reactRoot = createRoot(element);
  try {
    const { url, token } = await serverConnection(shell, null);
    const windowId = shell === undefined ? windowParam() : (await shell.deviceConfig()).windowId;
    reactRoot.render(
      <I18nProvider zh={rateZh} en={rateEn}>
        <RateApp windowId={windowId} connection={{ url, token }} />
      </I18nProvider>,
    );
  } catch (error) {
    console.error(error);
    reactRoot.render(<main className="hq-shell-failure">{SHELL_TOKEN_FAILURE_TEXT}</main>);
  }
}

if (root !== null) void start(root);
