import pino from 'pino';
import type { Logger, LogLevel } from '../core/logger.js';

export type NodeLogger = Logger & { flush(): void };

/**
 * The Node service's logger, made once at the start: pino, one JSON line per entry on stdout, the level
 * as a word and the time as ISO 8601 (what a person grepping the file expects). Written asynchronously
 * so a slow log reader does not stall requests; pino flushes what is buffered when the process exits.
 */
export function createNodeLogger(level: LogLevel): NodeLogger {
  return pino(
    {
      level,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: 1, sync: false }),
  );
}
