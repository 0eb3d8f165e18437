import { describe, expect, it } from 'vitest';
import { TurnBatch } from './turn-batch.js';

describe('TurnBatch', () => {
  it('hands over the entries of one event-loop turn together, and each later turn on its own', async () => {
    const written: number[][] = [];
    const batch = new TurnBatch<number>((entries) => written.push(entries));
    batch.add(1);
    await Promise.resolve();
    batch.add(2); // a microtask later: still the same turn
    expect(written).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    batch.add(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual([[1, 2], [3]]);
  });

  it('flush() hands over what is pending at once, and the scheduled turn then has nothing left to write', async () => {
    const written: string[][] = [];
    const batch = new TurnBatch<string>((entries) => written.push(entries));
    batch.flush();
    batch.add('a');
    batch.flush();
    expect(written).toEqual([['a']]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual([['a']]);
  });
});
