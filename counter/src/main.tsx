import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './counter.css';
import { I18nProvider } from '../../shared/src/ui/index.ts';
import { CounterApp } from './CounterApp.tsx';
import { counterEn, counterZh } from './i18n.ts';

const root = document.getElementById('root');
if (root !== null)
  createRoot(root).render(
    <I18nProvider zh={counterZh} en={counterEn}>
      <CounterApp />
    </I18nProvider>,
  );
