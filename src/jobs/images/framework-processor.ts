/**
 * A processing job the SageMaker SDK's FrameworkProcessor wrote (SKLearn, PyTorch, XGBoost
 * processors with `source_dir`): its `ContainerEntrypoint` is `/bin/bash …/runproc.sh`, a script
 * that unpacks `sourcedir.tar.gz` and runs the entry point with the image's `python`. Here
 * `godwit_runproc.py` does the same with the configured Python, reading the entry point from that
 * runproc.sh when the job runs (it arrives as one of the job's inputs).
 */
import type { ImageContext, ImageRequest, LocalImage } from '../image-map.js';
import { type ImageMatch, jobEnv } from './image-match.js';
import { stageShippedScript } from './shipped-script.js';

/** True for the SDK's `["/bin/bash", "/opt/ml/processing/input/entrypoint/runproc.sh"]`. */
export function isFrameworkProcessor(entrypoint: readonly string[] | undefined): boolean {
  return (
    entrypoint !== undefined &&
    entrypoint.length === 2 &&
    /^(\/usr)?(\/bin\/)?(ba)?sh$/.test(entrypoint[0] as string) &&
    /(^|\/)runproc\.sh$/.test(entrypoint[1] as string)
  );
}

export function frameworkProcessor(mappedBy: string, request: ImageRequest): ImageMatch {
  const runproc = (request.entrypoint as readonly string[])[1] as string;
  return {
    mappedBy,
    async resolve(context: ImageContext): Promise<LocalImage> {
      const code = await stageShippedScript('godwit_runproc.py', context.stagingDir, 'runproc');
      return {
        mappedBy,
        process: {
          command: ['python3'],
          code,
          // Arguments have their /opt/ml paths rewritten outside bubblewrap; the runner maps the rest.
          args: [runproc, ...(request.arguments ?? [])],
          env: jobEnv(request),
          contract: 'sagemaker',
        },
        hyperparameters: {},
        metricDefinitions: [],
      };
    },
  };
}
