"""A training script written for SageMaker managed spot training: one checkpoint per epoch in
/opt/ml/checkpoints, and on start it resumes from the last one. It logs which epoch it starts from."""
import argparse
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument('--epochs', type=int, default=5)
parser.add_argument('--epoch-seconds', type=float, default=0.2)
parser.add_argument('--checkpoint-dir', default='/opt/ml/checkpoints')
parser.add_argument('--model-dir', default=os.environ.get('SM_MODEL_DIR', '/opt/ml/model'))
args = parser.parse_args()

state_file = os.path.join(args.checkpoint_dir, 'state.json')
start = 0
if os.path.exists(state_file):
    with open(state_file) as f:
        start = json.load(f)['epoch'] + 1
print('starting at epoch %d' % start, flush=True)

done = []
for epoch in range(start, args.epochs):
    time.sleep(args.epoch_seconds)
    with open(os.path.join(args.checkpoint_dir, 'epoch-%d.txt' % epoch), 'w') as f:
        f.write('weights after epoch %d\n' % epoch)
    tmp = state_file + '.partial'
    with open(tmp, 'w') as f:
        json.dump({'epoch': epoch}, f)
    os.replace(tmp, state_file)
    done.append(epoch)
    print('epoch %d done loss=%.3f' % (epoch, 1.0 / (epoch + 1)), flush=True)

with open(os.path.join(args.model_dir, 'model.json'), 'w') as f:
    json.dump({'started_at': start, 'epochs_run': done}, f)
