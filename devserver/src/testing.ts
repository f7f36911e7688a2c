// For test suites: which server executable @temporalio/testing should launch.
import { devserverPath } from './index.js';

/**
 * The `server.executable` option for TestWorkflowEnvironment.createTimeSkipping/createLocal:
 * this package's devserver, or the SDK's downloaded official server when
 * TEMPORAL_TEST_SERVER=official (undefined lets the SDK download it).
 */
export function testServerExecutable(): { type: 'existing-path'; path: string } | undefined {
  if (process.env.TEMPORAL_TEST_SERVER === 'official') return undefined;
  return { type: 'existing-path', path: devserverPath };
}

export const usingOfficialServer = (): boolean => process.env.TEMPORAL_TEST_SERVER === 'official';

export { devserverPath };
