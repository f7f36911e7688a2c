/**
 * The SDK's runtime logs at INFO by default: worker state changes, polling notes, a dozen lines
 * per worker, which bury a failing test's cause. Tests see its warnings and errors only, unless
 * TEST_SDK_LOG_LEVEL (TRACE, DEBUG, INFO, WARN, ERROR) asks for more.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

const LEVELS: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
const asked = process.env.TEST_SDK_LOG_LEVEL?.toUpperCase() as LogLevel | undefined;

Runtime.install({ logger: new DefaultLogger(asked && LEVELS.includes(asked) ? asked : 'WARN') });
