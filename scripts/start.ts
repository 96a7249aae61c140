/** `npm start`: build the web UIs if needed, then run the hall server. */
import { buildWebIfNeeded } from './build-web.ts';

await buildWebIfNeeded();
await import('../server/src/main.ts');
