/**
 * The web app as a library (`connote/web`): `createApp` builds the Hono application over a
 * project's store (tests call it in-process), `listen` serves it. `connote serve` uses both.
 */
export { createApp, type AppOptions } from './app.js';
export { listen, type ListenOptions, type RunningServer } from './listen.js';
export type * from './contract.js';
