import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useState,
  useSyncExternalStore,
} from 'react';
import { errorMessage } from './api-client';

/** Bumped after anything that changes the cache (imports, sample, settings): views refetch. */
export const DataVersion = createContext<{ version: number; bump: () => void }>({
  version: 0,
  bump: () => undefined,
});

export function useDataVersion() {
  return useContext(DataVersion);
}

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Runs an async load whenever `key` (or the data version) changes; stale answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string, enabled = true): Loaded<T> {
  const { version } = useDataVersion();
  const [tick, setTick] = useState(0);
  // Which load the state answers: loading until the answer to the current one is in.
  const request = `${version}:${tick}:${key}`;
  const [state, setState] = useState<{ request: string | null; data: T | undefined; error: string | null }>({
    request: null,
    data: undefined,
    error: null,
  });
  // The latest `load`, without making each render's new closure a reason to load again.
  const run = useEffectEvent(load);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    run().then(
      (data) => live && setState({ request, data, error: null }),
      (e: unknown) => live && setState((s) => ({ request, data: s.data, error: errorMessage(e) })),
    );
    return () => {
      live = false;
    };
  }, [request, enabled]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: !enabled || state.request !== request, reload };
}

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** A tiny value store: a grid callback can update one label without re-rendering the page. */
export interface ValueStore<T> {
  get: () => T;
  set: (v: T) => void;
  subscribe: (l: () => void) => () => void;
}
export function createValueStore<T>(initial: T): ValueStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (v) => {
      if (Object.is(v, value)) return;
      value = v;
      for (const l of listeners) l();
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export function useValue<T>(store: ValueStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}
