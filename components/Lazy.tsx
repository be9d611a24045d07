import type { ComponentChildren, ComponentType } from 'preact';
import { signal } from '@preact/signals';

/** A component whose code is loaded on first use, and the way to start that load ahead. */
export interface LazyComponent<P> {
  /** Renders the component once its code has loaded (`fallback` until then); starts the load if needed. */
  Lazy: (props: P) => ComponentChildren;
  /** Starts loading the code (once), e.g. while the page is idle or the pointer is on a link to it. */
  preload: () => Promise<void>;
}

/**
 * Wraps a component kept out of the page's first bundle (its own chunk, from `load`, a dynamic
 * import the entrypoint gives): the library's first rows do not wait for the reader, the settings
 * or a saved article's view to be parsed and run. A failed load is tried again on the next render.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, fallback: () => ComponentChildren = () => null): LazyComponent<P> {
  const loaded = signal<ComponentType<P> | null>(null);
  let loading: Promise<void> | null = null;
  const preload = (): Promise<void> =>
    (loading ??= load().then(
      (component) => {
        loaded.value = component;
      },
      (error: unknown) => {
        console.warn('A view could not be loaded:', error);
        loading = null;
      },
    ));
  function Lazy(props: P): ComponentChildren {
    const Component = loaded.value;
    if (!Component) {
      void preload();
      return fallback();
    }
    return <Component {...props} />;
  }
  return { Lazy, preload };
}
