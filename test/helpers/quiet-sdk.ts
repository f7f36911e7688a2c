/**
 * The SDK's runtime logs at INFO by default: worker state changes, polling notes, a dozen lines
 * per worker, which bury a failing test's cause. Tests see its warnings and errors only, unless
 * TEST_SDK_LOG_LEVEL (TRACE, DEBUG, INFO, WARN, ERROR) asks for more; and each on one line (what
 * failed, where, why), since the suite's fault tests make activities fail on purpose and a whole
 * stack trace for each would be most of the output.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';

const LEVELS: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
const asked = process.env.TEST_SDK_LOG_LEVEL?.toUpperCase() as LogLevel | undefined;

function oneLine({ level, message, meta }: LogEntry): string {
  const m = (meta ?? {}) as Record<string, unknown>;
  const where = [m.workflowType, m.activityType, m.workflowId].filter((v) => typeof v === 'string').join(' ');
  const attempt = typeof m.attempt === 'number' ? ` attempt ${m.attempt}` : '';
  const error = m.error instanceof Error ? `: ${m.error.name}: ${m.error.message.split('\n')[0]}` : '';
  return `[sdk ${level}] ${message}${where ? ` (${where}${attempt})` : ''}${error}\n`;
}

const level = asked && LEVELS.includes(asked) ? asked : 'WARN';
Runtime.install({
  logger: new DefaultLogger(level, (entry) => process.stderr.write(oneLine(entry))),
  // The Rust core's own lines come through the same logger, at the same level.
  telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: level }) } },
});
