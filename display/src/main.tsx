import { createRoot } from 'react-dom/client';
import type { ReactNode } from 'react';
import '../../shared/src/ui/theme.css';
import './display.css';
import {
  SHELL_TOKEN_FAILURE_TEXT,
  serverConnection,
  shellFor,
} from '../../shared/src/client/shell-bridge.ts';
import type { DisplayBinding } from '../../shared/src/protocol/devices.ts';
import { I18nProvider, queryParam, useI18n } from '../../shared/src/ui/index.ts';
import { DisplayApp } from './DisplayApp.tsx';
import { displayEn, displayZh, type DisplayKey } from './i18n.ts';
import { parseScreen } from './screen.ts';
import { renderOffline } from './voice-player.ts';

// Test hook: render a clip sequence of a pack offline (tests/e2e/voice.test.ts).
window.__voice = { renderOffline };

function BadScreen(props: { readonly param: string }): ReactNode {
  const { t } = useI18n<DisplayKey>();
  return <main className="ds-loading">{t('display.unknownScreen', { screen: props.param })}</main>;
}

/**
 * The screen's parameters. Inside the hall client the device's binding decides `screen` and
 * `audio` (null = the screen's own default); the URL's other parameters still apply.
 */
function screenParams(binding: DisplayBinding | null): (name: string) => string | null {
  if (binding === null) return queryParam;
  return (name) =>
    name === 'screen' ? binding.screen : name === 'audio' ? binding.audio : queryParam(name);
}

const shell = shellFor('display');
const root = document.getElementById('root');

async function start(element: HTMLElement): Promise<void> {
  const reactRoot = createRoot(element);
  let server: { url: string | undefined; token: string | null };
  let binding: DisplayBinding | null = null;
  try {
    const { url, token } = await serverConnection(shell, null);
    server = { url, token };
    if (shell !== undefined) {
      const config = await shell.deviceConfig();
      if (config.role === 'display') binding = config.binding;
    }
  } catch (error) {
    console.error(error);
    reactRoot.render(<main className="hq-shell-failure">{SHELL_TOKEN_FAILURE_TEXT}</main>);
    return;
  }
  const param = screenParams(binding);
  const screenParam = param('screen');
  const screen = parseScreen(screenParam);
  reactRoot.render(
    <I18nProvider
      zh={displayZh}
      en={displayEn}
      initial={queryParam('lang') === 'en' ? 'en' : 'zh-CN'}
    >
      {screen === null ? (
        <BadScreen param={screenParam ?? ''} />
      ) : (
        <DisplayApp screen={screen} server={server} param={param} />
      )}
    </I18nProvider>,
  );
}

if (root !== null) void start(root);
