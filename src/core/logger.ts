/**
 * Where the app's log lines go: one JSON object a line, fields first and a short message. The Node
 * service fills it with pino (runtime/logger.ts); the Worker, the CLIs and the tests with the console
 * logger below (pino writes to a file descriptor, which a Worker has not). A request's lines come from
 * a child that carries its request id (http/request-frame.ts).
 */
export type LogFields = Record<string, unknown>;
export type LogFn = (fields: LogFields, message?: string) => void;

export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  /** A logger whose every line also carries these fields. */
  child(bindings: LogFields): Logger;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Number.POSITIVE_INFINITY };

/** For work that runs without a logger of its own (a CLI, a job run outside the app): JSON lines at info. */
export const CONSOLE_LOG: Logger = consoleJsonLogger('info');

/** The same line shape as the Node logger (`level` as a word, `time`, `msg`), written to the console. */
export function consoleJsonLogger(level: LogLevel, bindings: LogFields = {}): Logger {
  const at =
    (name: 'error' | 'warn' | 'info' | 'debug'): LogFn =>
    (fields, message) => {
      if (RANK[name] < RANK[level]) return;
      const line: LogFields = { level: name, time: new Date().toISOString(), ...bindings };
      for (const [key, value] of Object.entries(fields)) line[key] = value instanceof Error ? errorFields(value) : value;
      if (message !== undefined) line.msg = message;
      // warn and error through console.error: a Worker's log view and a CLI's stderr show them as such.
      (RANK[name] >= RANK.warn ? console.error : console.log)(JSON.stringify(line));
    };
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: (more) => consoleJsonLogger(level, { ...bindings, ...more }),
  };
}

/** An Error's own properties are not enumerable: JSON.stringify would write `{}`. */
function errorFields(error: Error): LogFields {
  return { type: error.name, message: error.message, stack: error.stack };
}
