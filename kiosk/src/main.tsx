import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './kiosk.css';
import { I18nProvider, queryParam } from '../../shared/src/ui/index.ts';
import { App } from './App.tsx';
import { kioskEn, kioskZh } from './messages.ts';
import { defaultTicketOutput } from './ticket-output.ts';

// `?device=` names the kiosk (for logs and pairing later); `?token=` is a paired device's token.
const token = queryParam('token');

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <I18nProvider zh={kioskZh} en={kioskEn}>
      <App token={token} output={defaultTicketOutput(token)} />
    </I18nProvider>,
  );
}
