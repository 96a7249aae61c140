import type { ReactNode } from 'react';
import { useI18n } from '../../../shared/src/ui/index.ts';
import type { AdminKey } from '../i18n.ts';
import type { PageProps } from '../pages.ts';

// Placeholder until the page lands.
export function WorkOrdersPage(_props: PageProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  return (
    <main className="ad-main">
      <h2>{t('nav.workOrders')}</h2>
    </main>
  );
}
