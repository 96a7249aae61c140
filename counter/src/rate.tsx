import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './rate.css';
import { I18nProvider, queryParam } from '../../shared/src/ui/index.ts';
import { rateEn, rateZh } from './i18n.ts';
import { RateApp } from './RateApp.tsx';

function windowParam(): number | null {
  const raw = queryParam('window');
  if (raw === null || !/^\d{1,4}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 ? n : null;
}

const root = document.getElementById('root');
if (root !== null)
  createRoot(root).render(
    <I18nProvider zh={rateZh} en={rateEn}>
      <RateApp windowId={windowParam()} />
    </I18nProvider>,
  );
