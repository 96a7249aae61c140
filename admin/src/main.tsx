import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './admin.css';
import { I18nProvider } from '../../shared/src/ui/index.ts';
import { AdminApp } from './AdminApp.tsx';
import { adminEn, adminZh } from './i18n.ts';

const root = document.getElementById('root');
if (root !== null)
  createRoot(root).render(
    <I18nProvider zh={adminZh} en={adminEn}>
      <AdminApp />
    </I18nProvider>,
  );
