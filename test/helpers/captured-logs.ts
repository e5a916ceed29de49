import { createLogger, type Logger, type LogSettings } from '../../src/log/logger.js';

/** One JSON log line, parsed. */
export type LogEntry = Record<string, any> & { level: number; msg: string };

export interface CapturedLogs {
  /** The real logger factory, writing into `lines` instead of standard output. */
  logger: Logger;
  /** Every line written, as written (without its newline). */
  readonly lines: string[];
  /** The lines parsed as JSON (the json format only). */
  entries(): LogEntry[];
  /** The access lines (msg "request"). */
  accessLines(): LogEntry[];
  /** Everything written, as one text: what a secret must never be part of. */
  text(): string;
  clear(): void;
}

/** A logger made by src/log/logger.ts (JSON at info unless told otherwise) whose output the test reads. */
export function captureLogs(settings: LogSettings = { level: 'info', format: 'json' }): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger(settings, { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) });
  const entries = () => lines.map((line) => JSON.parse(line) as LogEntry);
  return {
    logger,
    lines,
    entries,
    accessLines: () => entries().filter((entry) => entry.msg === 'request'),
    text: () => lines.join('\n'),
    clear: () => void lines.splice(0),
  };
}
