import { createRoot } from 'react-dom/client';
import type { ReactNode } from 'react';
import '../../shared/src/ui/theme.css';
import './display.css';
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

const param = queryParam('screen');
const screen = parseScreen(param);
const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <I18nProvider
      zh={displayZh}
      en={displayEn}
      initial={queryParam('lang') === 'en' ? 'en' : 'zh-CN'}
    >
      {screen === null ? <BadScreen param={param ?? ''} /> : <DisplayApp screen={screen} />}
    </I18nProvider>,
  );
}
