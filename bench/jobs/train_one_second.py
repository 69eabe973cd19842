"""The bench's 1-second training script: sleeps a second, prints a metric, writes a model file
where the SageMaker training contract says (SM_MODEL_DIR, else the current folder)."""
import os
import time

time.sleep(1.0)
print('loss=0.125')
with open(os.path.join(os.environ.get('SM_MODEL_DIR', '.'), 'model.txt'), 'w') as f:
    f.write('weights\n')
