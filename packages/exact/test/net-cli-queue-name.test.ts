/**
 * The `net` commands list the default BullMQ queue name without loading the queue module (BullMQ and
 * ioredis cost ~0.2 s to import, on every `floret` start): this checks the CLI's copy of the name is
 * the one the queue module uses, so a coordinator and a worker started with defaults meet.
 */
import { describe, expect, it } from 'vitest';
import { netCommand } from '../src/net/cli-net.js';
import { DEFAULT_QUEUE_NAME } from '../src/net/queue.js';

describe('net CLI default queue name', () => {
  it("fit and worker default to the queue module's name", () => {
    const net = netCommand();
    for (const name of ['fit', 'worker']) {
      const cmd = net.commands.find((c) => c.name() === name);
      const opt = cmd?.options.find((o) => o.long === '--queue-name');
      expect(opt?.defaultValue, name).toBe(DEFAULT_QUEUE_NAME);
    }
  });
});
