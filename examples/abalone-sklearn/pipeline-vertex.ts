/**
 * The same abalone pipeline for Vertex AI: the training step runs code/train_vertex.py, which
 * reads Vertex's AIP_* variables and writes model.bst to AIP_MODEL_DIR; the model stays a folder,
 * as Vertex keeps it. See README.md.
 *
 *   GODWIT_PYTHON=/usr/bin/python3 godwit run examples/abalone-sklearn/pipeline-vertex.ts
 */
import { abalonePipeline } from './abalone.js';

export default abalonePipeline({
  name: 'abalone-sklearn-vertex',
  contract: 'vertex',
  trainCode: 'code/train_vertex.py',
  processingImage: 'us-docker.pkg.dev/vertex-ai/training/sklearn-cpu.1-2:latest',
  trainingImage: 'us-docker.pkg.dev/vertex-ai/training/xgboost-cpu.1-7:latest',
});
