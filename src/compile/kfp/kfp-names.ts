/**
 * Task and component names. KFP task names are Kubernetes-style (`[a-z0-9-]`), as the SDK's
 * `sanitize_k8s_name` makes them; Godwit keeps the step's own name in `taskInfo.name`, which the
 * UIs show. Names the compiler invents (importers, condition groups, helpers) never take a
 * step's name: a clash gets `-2`, `-3`, … as the SDK does for reused components.
 */

/** `Train_Model.v2` → `train-model-v2`. */
export function sanitizeName(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^-0-9a-z]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return s || 'step';
}

export class NameAllocator {
  private readonly taken = new Set<string>();

  /** A free name based on `base` (sanitized), reserved from now on. */
  allocate(base: string): string {
    const root = sanitizeName(base);
    let name = root;
    for (let n = 2; this.taken.has(name); n++) name = `${root}-${n}`;
    this.taken.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}

/**
 * The SDK's name for a value handed into a task from outside its own DAG or into a placeholder
 * (`pipelinechannel--mse_threshold`, `pipelinechannel--train-model`).
 */
export function channelName(producerTask: string | undefined, key: string): string {
  return producerTask === undefined ? `pipelinechannel--${key}` : `pipelinechannel--${producerTask}-${key}`;
}
