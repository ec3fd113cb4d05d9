import { jest } from '@jest/globals';
import { InProcessJobQueue } from './in-process-job-queue.js';

describe('InProcessJobQueue', () => {
  const handlers = () => ({
    scan: jest.fn(async () => ({ emailsToSend: [] })),
    sendEmail: jest.fn(async () => undefined),
  });

  it('scans as soon as it starts', async () => {
    const queue = new InProcessJobQueue(60_000, 10);
    const h = handlers();
    await queue.start(h);
    await queue.scanNow();
    expect(h.scan).toHaveBeenCalled();
    await queue.stop();
  });

  it('with RUN_JOBS=false, starts without scanning, now or later', async () => {
    const queue = new InProcessJobQueue(5, 10, false);
    const h = handlers();
    await queue.start(h);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.scan).not.toHaveBeenCalled();
    await queue.stop();
  });
});
