import { lazy, Suspense, type ComponentType } from "react";

/**
 * A component whose code is fetched the first time it renders, showing nothing meanwhile: React.lazy
 * with its own Suspense boundary. For parts that appear only after an interaction (dialogs, a test
 * result). Lighter than next/dynamic, whose loader would otherwise be in every page's first load.
 * If the code cannot be fetched (offline), the part stays empty rather than failing the page.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>) {
  const Lazy = lazy<ComponentType<P>>(() =>
    load().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        console.error("Could not load part of the page", error);
        return { default: () => null };
      },
    ),
  );
  function LazyComponent(props: P) {
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return LazyComponent;
}
