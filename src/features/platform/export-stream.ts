import type { Logger } from '../../core/logger.js';

/**
 * A response body pulled from a generator: the next piece is produced only when the client has taken
 * the last one (a pull stream), so a slow reader slows the reading of rows instead of filling memory.
 * `done` runs once when the body ends, fails or the client goes away: the database handle the pieces
 * were read over is released then, not when the handler returns (the body is still being produced).
 * An error after the first byte cannot become a problem+json answer any more: the stream is aborted,
 * so the client sees a broken transfer, never a file that looks complete (a JSON array without its
 * closing bracket, a snapshot without its summary line); the error is logged with the request's id.
 */
export function pullStream(
  pieces: AsyncGenerator<string | Uint8Array>,
  done: () => Promise<void>,
  log: Logger,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finished = false;
  const finish = async () => {
    if (finished) return;
    finished = true;
    await done();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await pieces.next();
          if (next.done) {
            controller.close();
            await finish();
            return;
          }
          controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
        } catch (error) {
          controller.error(error);
          await finish();
          log.error({ err: error }, 'streamed export failed');
        }
      },
      async cancel() {
        await pieces.return(undefined);
        await finish();
      },
    },
    { highWaterMark: 0 },
  );
}
