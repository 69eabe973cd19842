/**
 * The sagemaker-training-toolkit's view of a training job: its `Environment` properties and the
 * `SM_*` variables `to_env_vars()` makes of them. The names, the values for a single-host job and
 * the formatting (strings as they are, anything else as Python's compact sorted JSON) follow the
 * toolkit's environment.py and mapping.py.
 */

import { fromJs, type Py, pyJson } from '../../core/python-values.js';
import { CURRENT_HOST } from './container-contract.js';
import { CONTAINER_LOG_LEVEL } from './hyperparameters.js';

export const INSTANCE_GROUP = 'homogeneousCluster';

export interface ToolkitFacts {
  readonly at: (containerPath: string) => string;
  readonly jobName: string;
  readonly instanceType: string;
  readonly cpus: number;
  readonly codeDir: string;
  readonly program?: string;
  /** Channel name → folder, as the process sees it. */
  readonly channels: Readonly<Record<string, string>>;
  /** The user's hyperparameters, decoded (`sagemaker_*` left out). */
  readonly hyperparameters: readonly (readonly [string, Py])[];
  readonly userArgs: readonly string[];
  readonly resourceConfig: unknown;
  readonly inputDataConfig: unknown;
}

/** The toolkit's `Environment` properties, all of which make up `SM_TRAINING_ENV`. */
export function toolkitProperties(f: ToolkitFacts): Record<string, Py> {
  const group = { instance_group_name: INSTANCE_GROUP, instance_type: f.instanceType, hosts: [CURRENT_HOST] };
  return {
    additional_framework_parameters: fromJs({}),
    channel_input_dirs: fromJs(f.channels),
    current_host: fromJs(CURRENT_HOST),
    current_instance_group: fromJs(INSTANCE_GROUP),
    current_instance_group_hosts: fromJs([CURRENT_HOST]),
    current_instance_type: fromJs(f.instanceType),
    distribution_hosts: fromJs([]),
    distribution_instance_groups: fromJs([]),
    framework_module: fromJs(null),
    hosts: fromJs([CURRENT_HOST]),
    hyperparameters: { t: 'dict', v: f.hyperparameters },
    input_config_dir: fromJs(f.at('/opt/ml/input/config')),
    input_data_config: fromJs(f.inputDataConfig),
    input_dir: fromJs(f.at('/opt/ml/input')),
    instance_groups: fromJs([INSTANCE_GROUP]),
    instance_groups_dict: fromJs({ [INSTANCE_GROUP]: group }),
    is_hetero: fromJs(false),
    is_master: fromJs(true),
    is_modelparallel_enabled: fromJs(null),
    is_smddpmprun_installed: fromJs(false),
    is_smddprun_installed: fromJs(false),
    job_name: fromJs(f.jobName),
    log_level: fromJs(CONTAINER_LOG_LEVEL),
    master_hostname: fromJs(CURRENT_HOST),
    model_dir: fromJs(f.at('/opt/ml/model')),
    module_dir: fromJs(f.at(f.codeDir)),
    module_name: fromJs(f.program?.replace(/\.py$/, '') ?? null),
    network_interface_name: fromJs('eth0'),
    num_cpus: fromJs(f.cpus),
    num_gpus: fromJs(0),
    num_neurons: fromJs(0),
    output_data_dir: fromJs(f.at('/opt/ml/output/data')),
    output_dir: fromJs(f.at('/opt/ml/output')),
    output_intermediate_dir: fromJs(f.at('/opt/ml/output/intermediate')),
    resource_config: fromJs(f.resourceConfig),
    topology: fromJs([]),
    user_entry_point: fromJs(f.program ?? null),
  };
}

/** Properties `to_env_vars()` exports under their own names. */
const EXPORTED = [
  'hosts',
  'network_interface_name',
  'user_entry_point',
  'resource_config',
  'input_data_config',
  'output_data_dir',
  'current_host',
  'current_instance_type',
  'current_instance_group',
  'current_instance_group_hosts',
  'instance_groups',
  'instance_groups_dict',
  'distribution_instance_groups',
  'is_hetero',
  'module_name',
  'log_level',
  'framework_module',
  'input_dir',
  'input_config_dir',
  'output_dir',
  'num_cpus',
  'num_gpus',
  'num_neurons',
  'model_dir',
  'module_dir',
  'output_intermediate_dir',
] as const;

/** `to_env_vars()`: `SM_` plus the upper-cased key for each entry. */
export function toolkitEnv(f: ToolkitFacts): Record<string, string> {
  const properties = toolkitProperties(f);
  const entries: [string, Py][] = [
    ...EXPORTED.map((k): [string, Py] => [k, properties[k]]),
    ['hps', properties.hyperparameters],
    ['framework_params', properties.additional_framework_parameters],
    ['channels', fromJs(Object.keys(f.channels).sort())],
    ['training_env', { t: 'dict', v: Object.entries(properties) }],
    ['user_args', fromJs(f.userArgs)],
    ...Object.entries(f.channels).map(([name, path]): [string, Py] => [`channel_${name}`, fromJs(path)]),
    ...f.hyperparameters.map(([name, value]): [string, Py] => [`hp_${name}`, value]),
  ];
  const env: Record<string, string> = {};
  for (const [key, value] of entries)
    env[`SM_${key.toUpperCase()}`] = value.t === 'str' ? value.v : value.t === 'none' ? '' : pyJson(value);
  return env;
}
