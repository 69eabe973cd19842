/**
 * The variables each cloud gives a serving container, for one instance listening on `port` with its
 * model at `modelPath` (`/opt/ml/model` under bubblewrap, the host folder otherwise).
 *
 * SageMaker (https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-inference-code.html):
 * `SAGEMAKER_BIND_TO_PORT` and `SAGEMAKER_SAFE_PORT_RANGE`; `SM_MODEL_DIR` is Godwit's addition,
 * since on the host there is no `/opt/ml/model` to find.
 *
 * Vertex AI (custom container requirements): `AIP_HTTP_PORT`, `AIP_HEALTH_ROUTE` and
 * `AIP_PREDICT_ROUTE` (the container spec's routes, else Vertex's defaults
 * `/v1/endpoints/<endpoint>/deployedModels/<id>` and the same with `:predict`), `AIP_STORAGE_URI`
 * (the model folder), `AIP_MODE=PREDICTION`, `AIP_MODE_VERSION`, `AIP_FRAMEWORK`,
 * `AIP_ENDPOINT_ID`, `AIP_DEPLOYED_MODEL_ID`. The two ids come from the container's `Environment`
 * when the host puts them there, else `local` and `1`.
 */
import type { ContainerSpec } from '../model-runtime.js';

export interface ContainerRoutes {
  readonly health: string;
  readonly predict: string;
}

export function routesFor(spec: ContainerSpec): ContainerRoutes {
  if ((spec.contract ?? 'sagemaker') === 'sagemaker') return { health: '/ping', predict: '/invocations' };
  const endpoint = spec.environment?.AIP_ENDPOINT_ID ?? 'local';
  const deployed = spec.environment?.AIP_DEPLOYED_MODEL_ID ?? '1';
  const base = `/v1/endpoints/${endpoint}/deployedModels/${deployed}`;
  return { health: spec.healthRoute ?? base, predict: spec.predictRoute ?? `${base}:predict` };
}

/** The contract's variables, then the container's `Environment` (which wins, as in the clouds). */
export function contractEnv(spec: ContainerSpec, port: number, modelPath: string): Record<string, string> {
  const own = spec.environment ?? {};
  if ((spec.contract ?? 'sagemaker') === 'sagemaker') {
    return {
      SAGEMAKER_BIND_TO_PORT: String(port),
      // A range the container may use for its own helpers (a model server behind nginx, say).
      SAGEMAKER_SAFE_PORT_RANGE: `${port + 1}-${port + 100}`,
      SM_MODEL_DIR: modelPath,
      ...own,
    };
  }
  const routes = routesFor(spec);
  return {
    ...own,
    // Vertex does not let a container override its AIP_ variables.
    AIP_HTTP_PORT: String(port),
    AIP_HEALTH_ROUTE: routes.health,
    AIP_PREDICT_ROUTE: routes.predict,
    AIP_STORAGE_URI: modelPath,
    AIP_MODE: 'PREDICTION',
    AIP_MODE_VERSION: '1.0.0',
    AIP_FRAMEWORK: 'CUSTOM_CONTAINER',
    AIP_ENDPOINT_ID: own.AIP_ENDPOINT_ID ?? 'local',
    AIP_DEPLOYED_MODEL_ID: own.AIP_DEPLOYED_MODEL_ID ?? '1',
  };
}
