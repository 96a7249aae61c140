import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<h1>HallQ</h1>);
