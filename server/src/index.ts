/** The server's public surface for `main.ts`, tests and tools. */
export { startHallServer, type HallServer, type HallServerOptions } from './app.ts';
export { demoClerkId, DEMO_ADMIN, DEMO_CLERK_PASSWORD } from './seed.ts';
export { integrityCheck, openSqliteStore } from './db/sqlite-store.ts';
