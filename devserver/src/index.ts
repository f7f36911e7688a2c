// The package's public face: where the executable is, and the server for in-process use.
import { fileURLToPath } from 'node:url';

/** Absolute path of the devserver executable, for `server.executable.path` in @temporalio/testing. */
export const devserverPath: string = fileURLToPath(new URL('../bin/devserver', import.meta.url));

export { startDevServer, type DevServerOptions, type RunningServer } from './server.js';
