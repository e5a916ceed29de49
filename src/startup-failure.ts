import type { Logger } from './log/logger.js';

/**
 * Ends a process that could not start: the reason on one line (its message, no stack: the operator
 * needs the setting to fix, not our call chain), exit code 1. Through the logger once there is one
 * (a JSON line for the log collector), else on standard error.
 */
export function failStartup(error: unknown, logger?: Logger): never {
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
  if (logger) logger.fatal(reason);
  else process.stderr.write(`${reason}\n`);
  process.exit(1);
}
