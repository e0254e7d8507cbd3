import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';

/** One llama.cpp binding per GPU mode per process: loading it twice wastes memory and start time. */
const bindings = new Map<'auto' | false, Promise<Llama>>();

/**
 * Loads (once) the prebuilt llama.cpp binding. `build: 'never'` turns any attempt to compile or
 * download a binary into an error: the gateway must never fetch code at run time.
 */
export function loadLlama(gpu: boolean): Promise<Llama> {
  const mode = gpu ? 'auto' : false;
  let binding = bindings.get(mode);
  if (!binding) {
    // "bad special token" warnings on load are harmless; only errors are worth showing.
    binding = getLlama({ gpu: mode, build: 'never', logLevel: LlamaLogLevel.error });
    // A failed load must not poison the cache: the next start() tries again.
    binding.catch(() => bindings.delete(mode));
    bindings.set(mode, binding);
  }
  return binding;
}
