import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES, TimedBatch, WINDOW_MS } from './timed-batch.js';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('TimedBatch', () => {
  it('hands over the entries added within its window together, and later ones in a batch of their own', async () => {
    const written: number[][] = [];
    const batch = new TimedBatch<number>((entries) => written.push(entries));
    batch.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    batch.add(2); // a turn of the event loop later: still inside the window
    expect(written).toEqual([]);
    await wait(WINDOW_MS + 20);
    expect(written).toEqual([[1, 2]]);
    batch.add(3);
    await wait(WINDOW_MS + 20);
    expect(written).toEqual([[1, 2], [3]]);
  });

  it('hands over at once when MAX_ENTRIES are pending, and on flush(); nothing is written twice', async () => {
    const written: number[][] = [];
    const batch = new TimedBatch<number>((entries) => written.push(entries));
    batch.flush();
    for (let i = 0; i < MAX_ENTRIES; i++) batch.add(i);
    expect(written.map((entries) => entries.length)).toEqual([MAX_ENTRIES]);
    batch.add(-1);
    batch.flush();
    expect(written.map((entries) => entries.length)).toEqual([MAX_ENTRIES, 1]);
    await wait(WINDOW_MS + 20);
    expect(written.map((entries) => entries.length)).toEqual([MAX_ENTRIES, 1]);
  });
});
