import type { FrontDoor } from '../front-door.js';

/**
 * Vertex AI online prediction: `POST /v1/projects/{project}/locations/{location}/endpoints/{endpoint}:predict`
 * (and `:rawPredict`, and the same under `/v1beta1/`). Vertex AI's clients authenticate with a
 * bearer token, not SigV4, so this is one of Godwit's own unsigned doors; the endpoint segment is
 * a Godwit endpoint's name (Vertex AI's numeric ids are names too).
 */
export const vertexDoor: FrontDoor = {
  name: 'vertex',
  match: {
    protocol: 'godwit',
    path: /^\/v1(beta1)?\/projects\/[^/]+\/locations\/[^/]+\/endpoints\/[^/:]+:(predict|rawPredict)$/,
  },
  load: async () => (await import('./vertex-predict-route.js')).serveVertexPredict,
};
