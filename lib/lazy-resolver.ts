import type { FieldValues, Resolver } from "react-hook-form";

/**
 * A react-hook-form resolver whose validation code (zod, the resolver and the feature's schema, ~30 kB
 * gzipped) is fetched on first use instead of with the page. Validation is unchanged: the same zod
 * schema the server action parses with, through zodResolver. Call `preload` when the user reaches the
 * form (its focus event) and the code is normally here before the first submit. If it cannot be
 * fetched (offline), the values go to the server action unchecked, and its field errors show instead.
 */
export function lazyResolver<TIn extends FieldValues, TContext, TOut>(
  load: () => Promise<Resolver<TIn, TContext, TOut>>,
) {
  let loading: Promise<Resolver<TIn, TContext, TOut>> | null = null;
  const get = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
  const resolver: Resolver<TIn, TContext, TOut> = async (values, context, options) => {
    let resolve: Resolver<TIn, TContext, TOut>;
    try {
      resolve = await get();
    } catch {
      return { values: values as unknown as TOut, errors: {} };
    }
    return resolve(values, context, options);
  };
  return { resolver, preload: () => void get().catch(() => {}) };
}
