import { blandAdapter } from "./bland";
import { elevenLabsAdapter } from "./elevenlabs";
import { retellAdapter } from "./retell";
import { synthflowAdapter } from "./synthflow";
import { PLATFORMS, type PlatformAdapter, type PlatformName } from "./types";
import { vapiAdapter } from "./vapi";

/** The one place that knows which adapter serves which platform. */
const ADAPTERS: Record<PlatformName, PlatformAdapter> = {
  vapi: vapiAdapter,
  retell: retellAdapter,
  bland: blandAdapter,
  elevenlabs: elevenLabsAdapter,
  synthflow: synthflowAdapter,
};

/** Every adapter, in the order the platforms are listed (types.ts `PLATFORMS`). */
export const PLATFORM_ADAPTERS: readonly PlatformAdapter[] = PLATFORMS.map((name) => ADAPTERS[name]);

export function adapterFor(name: PlatformName): PlatformAdapter {
  return ADAPTERS[name];
}

export function isPlatformName(value: string): value is PlatformName {
  return (PLATFORMS as readonly string[]).includes(value);
}
