"""Checks, with real Python, that Godwit gave this script the SageMaker training environment the
sagemaker-training-toolkit derives from the files the service writes; writes a report to the model."""
import json
import os
import sys

config = os.environ['SM_INPUT_CONFIG_DIR']
hps = json.load(open(os.path.join(config, 'hyperparameters.json')))
decoded = {}
for k, v in hps.items():
    try:
        v = json.loads(v)
    except (ValueError, TypeError):
        pass
    decoded[k] = v
user = {k: v for k, v in decoded.items() if not k.startswith('sagemaker_')}
args = []
for k in sorted(user):
    args += ['--' + k if len(k) > 1 else '-' + k, str(user[k])]

problems = []


def same(name, got, want):
    if got != want:
        problems.append('%s: got %r, want %r' % (name, got, want))


def dumps(v):
    return json.dumps(v, sort_keys=True, separators=(',', ':'))


same('SM_HPS', os.environ['SM_HPS'], dumps(user))
same('SM_USER_ARGS', os.environ['SM_USER_ARGS'], dumps(args))
same('argv', sys.argv[1:], args)
for k, v in user.items():
    same('SM_HP_' + k.upper(), os.environ.get('SM_HP_' + k.upper()), v if isinstance(v, str) else dumps(v))
training_env = json.loads(os.environ['SM_TRAINING_ENV'])
same('SM_TRAINING_ENV.hyperparameters', training_env['hyperparameters'], user)
same('SM_TRAINING_ENV.model_dir', training_env['model_dir'], os.environ['SM_MODEL_DIR'])
same('SM_TRAINING_ENV.job_name', training_env['job_name'], os.environ['TRAINING_JOB_NAME'])
channels = sorted(json.load(open(os.path.join(config, 'inputdataconfig.json'))))
same('SM_CHANNELS', json.loads(os.environ['SM_CHANNELS']), channels)
resource = json.load(open(os.path.join(config, 'resourceconfig.json')))
same('SM_RESOURCE_CONFIG', json.loads(os.environ['SM_RESOURCE_CONFIG']), resource)
same('SM_CURRENT_HOST', os.environ['SM_CURRENT_HOST'], resource['current_host'])
same('SM_HOSTS', json.loads(os.environ['SM_HOSTS']), resource['hosts'])
same('SAGEMAKER_PROGRAM', os.environ['SAGEMAKER_PROGRAM'], decoded['sagemaker_program'])
same('SM_MODULE_DIR', os.environ['SM_MODULE_DIR'], decoded['sagemaker_submit_directory'])
same('cwd', os.getcwd(), os.environ['SM_MODULE_DIR'])
same('SM_NUM_CPUS', int(os.environ['SM_NUM_CPUS']), os.cpu_count())
data = {ch: sorted(os.listdir(os.environ['SM_CHANNEL_' + ch.upper()])) for ch in channels}
for d in ('SM_OUTPUT_DATA_DIR', 'SM_MODEL_DIR'):
    if not os.path.isdir(os.environ[d]):
        problems.append(d + ' is not a folder')
with open(os.path.join(os.environ['SM_OUTPUT_DATA_DIR'], 'extra.txt'), 'w') as f:
    f.write('output data\n')
report = {
    'problems': problems,
    'argv0': sys.argv[0],
    'model_dir': os.environ['SM_MODEL_DIR'],
    'data': data,
    'hyperparameters': hps,
    'opt_ml_visible': os.path.exists('/opt/ml/input/config/hyperparameters.json'),
}
with open(os.path.join(os.environ['SM_MODEL_DIR'], 'report.json'), 'w') as f:
    json.dump(report, f, indent=1)
print('report written; %d problem(s)' % len(problems))
