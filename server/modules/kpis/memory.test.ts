import { describe, expect, it } from 'vitest';
import { districtStore } from './memory';

/** A computation that waits for `release()`: what forgets do while it runs. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((r) => {
    release = r;
  });
  return { release, done };
}

const computeOf =
  (value: string, wait?: Promise<void>) =>
  async (missing: readonly string[]): Promise<Map<string, string>> => {
    await wait;
    return new Map(missing.map((d) => [d, `${d}@${value}`]));
  };

describe('the KPI memory of one part (districtStore)', () => {
  it('keeps what it computed and serves it without computing again', async () => {
    const store = districtStore<string>(8, 60_000, () => true);
    expect(await store.read('2020-03-10', ['210502', '210503'], computeOf('a'))).toEqual({
      values: ['210502@a', '210503@a'],
      computed: true,
    });
    expect(await store.read('2020-03-10', ['210503'], computeOf('b'))).toEqual({
      values: ['210503@a'],
      computed: false,
    });
  });

  it('a forget from a day on drops that day and later ones, and keeps the days before', async () => {
    const store = districtStore<string>(8, 60_000, () => true);
    for (const day of ['2020-03-08', '2020-03-09', '2020-03-10'])
      await store.read(day, ['210502', '210503'], computeOf(day));
    store.forget(['210502'], '2020-03-09');
    expect(store.missing('2020-03-08', ['210502', '210503'])).toEqual([]);
    expect(store.missing('2020-03-09', ['210502', '210503'])).toEqual(['210502']);
    expect(store.missing('2020-03-10', ['210502', '210503'])).toEqual(['210502']);
    store.forget(['210503'], null);
    expect(store.missing('2020-03-08', ['210502', '210503'])).toEqual(['210503']);
  });

  it('a computation under way keeps nothing of a day a forget reached meanwhile, and keeps the days it did not reach', async () => {
    const store = districtStore<string>(8, 60_000, () => true);
    // Yesterday of 210502 being computed while a filing for today there is forgotten: kept.
    const first = gate();
    const yesterday = store.read('2020-03-09', ['210502'], computeOf('y', first.done));
    store.forget(['210502'], '2020-03-10');
    first.release();
    await yesterday;
    expect(store.missing('2020-03-09', ['210502'])).toEqual([]);
    // Today being computed while the same happens: not kept (it may not include that filing).
    const second = gate();
    const today = store.read('2020-03-10', ['210502', '210503'], computeOf('t', second.done));
    store.forget(['210502'], '2020-03-10');
    second.release();
    expect((await today).values).toEqual(['210502@t', '210503@t']);
    expect(store.missing('2020-03-10', ['210502', '210503'])).toEqual(['210502']);
    // A forget of every day, or of an earlier day, during a computation: not kept either.
    for (const from of [null, '2020-03-07']) {
      const third = gate();
      const again = store.read('2020-03-08', ['210503'], computeOf('z', third.done));
      store.forget(['210503'], from);
      third.release();
      await again;
      expect(store.missing('2020-03-08', ['210503']), String(from)).toEqual(['210503']);
    }
  });

  it('a forget of every district during a computation keeps nothing of it', async () => {
    const store = districtStore<string>(8, 60_000, () => true);
    const g = gate();
    const reading = store.read('2020-03-09', ['210502'], computeOf('y', g.done));
    store.forget(null);
    g.release();
    await reading;
    expect(store.missing('2020-03-09', ['210502'])).toEqual(['210502']);
  });

  it('readings that need figures being computed wait for that computation instead of computing them again', async () => {
    const store = districtStore<string>(8, 60_000, () => true);
    let computations = 0;
    const counted = (value: string, wait?: Promise<void>) => {
      const inner = computeOf(value, wait);
      return (missing: readonly string[]) => {
        computations++;
        return inner(missing);
      };
    };
    const g = gate();
    const first = store.read('2020-03-10', ['210502', '210503'], counted('a', g.done));
    // Being computed: not "missing" (a reading now would not compute them).
    expect(store.missing('2020-03-10', ['210502', '210503', '210504'])).toEqual(['210504']);
    // The second needs 210503 (being computed) and 210504 (not): it computes 210504 only.
    const second = store.read('2020-03-10', ['210503', '210504'], counted('b', g.done));
    g.release();
    expect((await first).values.sort()).toEqual(['210502@a', '210503@a']);
    expect((await second).values.sort()).toEqual(['210503@a', '210504@b']);
    expect(computations).toBe(2);
    expect(store.missing('2020-03-10', ['210502', '210503', '210504'])).toEqual([]);
  });

  it('a reading after a forget reaching figures being computed computes them itself', async () => {
    const store = districtStore<string>(8, 60_000, () => true);
    const g = gate();
    const first = store.read('2020-03-10', ['210502'], computeOf('old', g.done));
    // A forget of an earlier day's figures reaches today's too: the computation under way may
    // have missed that change, so the next reading does not wait for it.
    store.forget(['210502'], '2020-03-09');
    expect(store.missing('2020-03-10', ['210502'])).toEqual(['210502']);
    const second = store.read('2020-03-10', ['210502'], computeOf('new'));
    expect((await second).values).toEqual(['210502@new']);
    g.release();
    expect((await first).values).toEqual(['210502@old']);
    // What is held is the newer computation's, not the one the forget reached.
    expect((await store.read('2020-03-10', ['210502'], computeOf('x'))).values).toEqual(['210502@new']);
    // A forget of a later day does not reach it: the next reading joins.
    const h = gate();
    const third = store.read('2020-03-08', ['210502'], computeOf('c', h.done));
    store.forget(['210502'], '2020-03-09');
    const fourth = store.read('2020-03-08', ['210502'], computeOf('d'));
    h.release();
    expect([(await third).values, (await fourth).values]).toEqual([['210502@c'], ['210502@c']]);
  });

  it('a computation that fails fails the readings waiting for it, and holds nothing', async () => {
    const store = districtStore<string>(8, 60_000, () => true);
    const g = gate();
    const failing = async () => {
      await g.done;
      throw new Error('statement failed');
    };
    const first = store.read('2020-03-10', ['210502'], failing);
    const second = store.read('2020-03-10', ['210502'], computeOf('never'));
    g.release();
    await expect(first).rejects.toThrow('statement failed');
    await expect(second).rejects.toThrow('statement failed');
    expect(store.missing('2020-03-10', ['210502'])).toEqual(['210502']);
    expect((await store.read('2020-03-10', ['210502'], computeOf('again'))).values).toEqual(['210502@again']);
  });

  it('a reading keeps its own figures when a computation it joined fails', async () => {
    const store = districtStore<string>(8, 60_000, () => true);
    const g = gate();
    const failing = store.read('2020-03-10', ['210502'], async () => {
      throw new Error('statement failed');
    });
    const both = store.read('2020-03-10', ['210502', '210503'], computeOf('b', g.done));
    await expect(failing).rejects.toThrow('statement failed');
    g.release();
    await expect(both).rejects.toThrow('statement failed');
    // 210503 was its own: held.
    expect(store.missing('2020-03-10', ['210502', '210503'])).toEqual(['210502']);
  });

  it('does not join a computation under way for longer than the time to live', async () => {
    const store = districtStore<string>(8, 30, () => true);
    const g = gate();
    const slow = store.read('2020-03-10', ['210502'], computeOf('slow', g.done));
    await new Promise((r) => setTimeout(r, 50));
    expect(store.missing('2020-03-10', ['210502'])).toEqual(['210502']);
    expect((await store.read('2020-03-10', ['210502'], computeOf('own'))).values).toEqual(['210502@own']);
    g.release();
    await slow;
  });

  it('holds nothing while it cannot hear notices', async () => {
    let usable = false;
    const store = districtStore<string>(8, 60_000, () => usable);
    await store.read('2020-03-10', ['210502'], computeOf('a'));
    usable = true;
    expect(store.missing('2020-03-10', ['210502'])).toEqual(['210502']);
  });
});
