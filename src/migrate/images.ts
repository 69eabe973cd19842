/**
 * Container images between clouds. A SageMaker framework image and a Vertex AI prebuilt container
 * of the same framework and version map to each other; any other image a profile names maps to
 * the target profile's image of the same key (Godwit's own image); a public
 * image (Docker Hub, ghcr.io, quay.io) stays. Any other image lives in one cloud's private
 * registry (ECR, Artifact Registry): it stays as written and a person must push it across.
 *
 * | framework | SageMaker (`<account>.dkr.ecr.<region>.amazonaws.com/…`) | Vertex AI (`us-docker.pkg.dev/vertex-ai/training/…`) |
 * | --- | --- | --- |
 * | scikit-learn X.Y | sagemaker-scikit-learn:X.Y-1-cpu-py3 | sklearn-cpu.X-Y:latest |
 * | XGBoost X.Y | sagemaker-xgboost:X.Y-1 | xgboost-cpu.X-Y:latest |
 * | TensorFlow X.Y | tensorflow-training:X.Y.0-cpu-py310 | tf-cpu.X-Y.py310:latest |
 * | PyTorch X.Y | pytorch-training:X.Y.1-gpu-py310 | pytorch-gpu.X-Y.py310:latest |
 *
 * The version is kept. Where Godwit does not know that the other cloud publishes that version, the
 * report asks a person to check (the clouds publish different version lists).
 */
import type { TargetProfile } from '../compile/target.js';
import type { Cloud } from './migration.js';

interface Framework {
  readonly name: string;
  readonly awsRepo: string;
  /** Account that publishes the image, by region (`*`: every region). */
  readonly awsAccounts: Readonly<Record<string, string>>;
  /** `1.2-1-cpu-py3` → `1.2`. */
  readonly awsVersion: RegExp;
  readonly awsTag: (version: string) => string;
  /** Captures major and minor from a Vertex image name. */
  readonly vertexVersion: RegExp;
  readonly vertexImage: (version: string) => string;
  /** Versions Godwit knows each cloud publishes. */
  readonly known: { readonly aws: readonly string[]; readonly gcp: readonly string[] };
}

const VERTEX_TRAINING = 'us-docker.pkg.dev/vertex-ai/training';
const dashed = (v: string) => v.replace('.', '-');

const FRAMEWORKS: readonly Framework[] = [
  {
    name: 'scikit-learn',
    awsRepo: 'sagemaker-scikit-learn',
    awsAccounts: { 'us-east-1': '683313688378', 'us-west-2': '246618743249' },
    awsVersion: /^(\d+\.\d+)-/,
    awsTag: (v) => `${v}-1-cpu-py3`,
    vertexVersion: /\/sklearn-cpu\.(\d+)-(\d+)/,
    vertexImage: (v) => `${VERTEX_TRAINING}/sklearn-cpu.${dashed(v)}:latest`,
    known: { aws: ['0.23', '1.0', '1.2'], gcp: ['0.23', '1.0'] },
  },
  {
    name: 'XGBoost',
    awsRepo: 'sagemaker-xgboost',
    awsAccounts: { 'us-east-1': '683313688378', 'us-west-2': '246618743249' },
    awsVersion: /^(\d+\.\d+)-/,
    awsTag: (v) => `${v}-1`,
    vertexVersion: /\/xgboost-cpu\.(\d+)-(\d+)/,
    vertexImage: (v) => `${VERTEX_TRAINING}/xgboost-cpu.${dashed(v)}:latest`,
    known: { aws: ['1.0', '1.2', '1.3', '1.5', '1.7'], gcp: ['1.1', '1.6', '1.7'] },
  },
  {
    name: 'TensorFlow',
    awsRepo: 'tensorflow-training',
    awsAccounts: { '*': '763104351884' },
    awsVersion: /^(\d+\.\d+)\./,
    awsTag: (v) => `${v}.0-cpu-py310`,
    vertexVersion: /\/tf-cpu\.(\d+)-(\d+)/,
    vertexImage: (v) => `${VERTEX_TRAINING}/tf-cpu.${dashed(v)}.py310:latest`,
    known: { aws: ['2.12'], gcp: ['2.12'] },
  },
  {
    name: 'PyTorch',
    awsRepo: 'pytorch-training',
    awsAccounts: { '*': '763104351884' },
    awsVersion: /^(\d+\.\d+)\./,
    awsTag: (v) => `${v}.1-gpu-py310`,
    vertexVersion: /\/pytorch-gpu\.(\d+)-(\d+)/,
    vertexImage: (v) => `${VERTEX_TRAINING}/pytorch-gpu.${dashed(v)}.py310:latest`,
    known: { aws: ['2.0'], gcp: ['2.0'] },
  },
];

export interface ImageMapping {
  readonly image: string;
  readonly why: string;
  /** Set when a person must act (push the image, check versions). */
  readonly human?: string;
}

const ECR = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?/;
const VERTEX = /^(?:[a-z0-9-]+-docker\.pkg\.dev\/vertex-ai|gcr\.io\/cloud-aiplatform)\/(?:training|prediction)\//;
const GCP_REGISTRY = /^(?:[a-z0-9-]+-docker\.pkg\.dev|(?:[a-z]+\.)?gcr\.io)\//;

/** The image to use on the target cloud. */
export function mapImage(image: string, from: Cloud, fromProfile: TargetProfile, toProfile: TargetProfile): ImageMapping {
  // A framework image keeps its framework version (the code's behaviour) before a profile pairing.
  const framework = from === 'aws' ? awsImage(image, toProfile) : gcpImage(image, toProfile);
  if (framework.image !== image) return framework;
  const key = Object.entries(fromProfile.images).find(([, v]) => v === image)?.[0];
  if (key && toProfile.images[key]) return { image: toProfile.images[key], why: `profile "${toProfile.name}" images["${key}"]` };
  return framework;
}

function awsImage(image: string, toProfile: TargetProfile): ImageMapping {
  const m = ECR.exec(image);
  if (!m) return publicImage(image, /\.amazonaws\.com/.test(image) ? 'an AWS registry' : undefined);
  const framework = FRAMEWORKS.find((f) => f.awsRepo === m[3]);
  const version = framework?.awsVersion.exec(m[4] ?? '')?.[1];
  if (!framework || !version) {
    const region = toProfile.region ?? 'us-central1';
    return {
      image,
      why: 'a private ECR image',
      human: `the image ${image} is in Amazon ECR, which Vertex AI cannot pull from: push it to Artifact Registry (e.g. ${region}-docker.pkg.dev/${toProfile.project ?? '<project>'}/${m[3]}:${m[4] ?? 'latest'}) and set process.image.`,
    };
  }
  const out = framework.vertexImage(version);
  return {
    image: out,
    why: `the ${framework.name} ${version} framework image ↔ Vertex AI prebuilt container`,
    human: framework.known.gcp.includes(version)
      ? undefined
      : `Godwit does not know whether Vertex AI publishes ${out} (it knows ${framework.name} ${framework.known.gcp.join(', ')}): check the list of prebuilt training containers and pick the nearest version.`,
  };
}

function gcpImage(image: string, toProfile: TargetProfile): ImageMapping {
  const framework = VERTEX.test(image) ? FRAMEWORKS.find((f) => f.vertexVersion.test(image)) : undefined;
  const v = framework?.vertexVersion.exec(image);
  if (!framework || !v) {
    if (!GCP_REGISTRY.test(image)) return publicImage(image, undefined);
    return {
      image,
      why: 'a private Artifact Registry image',
      human: `the image ${image} is in Google's registry, which SageMaker cannot pull from: push it to Amazon ECR (e.g. <account>.dkr.ecr.${toProfile.region ?? 'us-east-1'}.amazonaws.com/<repo>:<tag>) and set process.image.`,
    };
  }
  const version = `${v[1]}.${v[2]}`;
  const region = toProfile.region ?? 'us-east-1';
  const account = framework.awsAccounts[region] ?? framework.awsAccounts['*'];
  const out = `${account ?? '<account>'}.dkr.ecr.${region}.amazonaws.com/${framework.awsRepo}:${framework.awsTag(version)}`;
  const human = !account
    ? `SageMaker publishes ${framework.name} images from a different account in each region: look up the account for ${region} (sagemaker.image_uris.retrieve) and complete ${out}.`
    : framework.known.aws.includes(version)
      ? undefined
      : `Godwit does not know whether SageMaker publishes ${framework.name} ${version} (it knows ${framework.known.aws.join(', ')}): check sagemaker.image_uris.retrieve and pick the nearest version.`;
  return { image: out, why: `the Vertex AI prebuilt container ↔ ${framework.name} ${version} framework image`, human };
}

function publicImage(image: string, registry: string | undefined): ImageMapping {
  if (registry)
    return {
      image,
      why: registry,
      human: `the image ${image} is in ${registry}: push it to the other cloud's registry and set process.image.`,
    };
  return { image, why: 'a public image, pullable from either cloud' };
}
