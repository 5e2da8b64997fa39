import { describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../src/core/logger.js';
import { lazyChild } from '../../src/http/request-frame.js';

/** A logger that records its lines and the children made of it. */
function recordingLogger(
  bindings: LogFields = {},
  made: LogFields[] = [],
  lines: LogFields[] = [],
): Logger & { made: LogFields[]; lines: LogFields[] } {
  const at = (level: string) => (fields: LogFields, msg?: string) => lines.push({ level, ...bindings, ...fields, msg });
  return {
    made,
    lines,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: (more) => {
      made.push(more);
      return recordingLogger({ ...bindings, ...more }, made, lines);
    },
  };
}

describe("a request's logger", () => {
  it('makes no child for a request that logs nothing', () => {
    const parent = recordingLogger();
    lazyChild(parent, { requestId: 'req_1' });
    expect(parent.made).toEqual([]);
  });

  it('makes its child once, on the first line, and every line carries the request id', () => {
    const parent = recordingLogger();
    const log = lazyChild(parent, { requestId: 'req_2' });
    log.warn({ a: 1 }, 'first');
    log.error({ b: 2 }, 'second');
    log.child({ job: 'x' }).info({}, 'third');
    expect(parent.made).toEqual([{ requestId: 'req_2' }, { job: 'x' }]);
    expect(parent.lines).toEqual([
      { level: 'warn', requestId: 'req_2', a: 1, msg: 'first' },
      { level: 'error', requestId: 'req_2', b: 2, msg: 'second' },
      { level: 'info', requestId: 'req_2', job: 'x', msg: 'third' },
    ]);
  });
});
