/**
 * SageMaker instance types ↔ Compute Engine machine types. The profiles' `machineTypes` maps win
 * (they are what the KFP compiler uses); then a built-in rule by family and size that keeps the
 * vCPU count and never gives less memory:
 *
 * | SageMaker | Compute Engine | shape |
 * | --- | --- | --- |
 * | ml.t3.medium / large / xlarge / 2xlarge (also t2) | e2-medium / e2-standard-2 / 4 / 8 | burstable |
 * | ml.m5.large … ml.m5.24xlarge (also m4, m5d, m6i) | n2-standard-2 … n2-standard-96 | 4 GiB per vCPU |
 * | ml.c5.xlarge … ml.c5.18xlarge (also c4, c6i) | n2-standard-4 … n2-standard-72 | c5 has 2 GiB per vCPU; n2-standard gives 4 |
 * | ml.r5.large … ml.r5.24xlarge (also r6i) | n2-highmem-2 … n2-highmem-96 | 8 GiB per vCPU |
 * | ml.p3.2xlarge, ml.g4dn.xlarge, ml.g5.xlarge… | n1-standard / g2-standard with the same vCPUs | GPU: needs a human |
 *
 * Back to AWS: n1/n2/n2d/e2-standard-N → ml.m5, -highmem-N → ml.r5, -highcpu-N and c2-standard-N →
 * ml.c5, e2-medium → ml.t3.medium, where SageMaker has that size.
 */
import type { TargetProfile } from '../compile/target.js';
import type { Cloud } from './migration.js';

export interface MachineMapping {
  readonly type: string;
  /** Where the answer came from, for the report. */
  readonly via: string;
  /** Set when the mapping loses something (a GPU) a person must restore. */
  readonly human?: string;
}

const SIZE_VCPUS: Readonly<Record<string, number>> = { medium: 2, large: 2, xlarge: 4 };

function vcpusOf(size: string): number | undefined {
  if (SIZE_VCPUS[size] !== undefined) return SIZE_VCPUS[size];
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? Number(m[1]) * 4 : undefined;
}

const T_CLASS: Readonly<Record<string, string>> = {
  medium: 'e2-medium',
  large: 'e2-standard-2',
  xlarge: 'e2-standard-4',
  '2xlarge': 'e2-standard-8',
};

/** GPU instance families: the GPU each has, and the Compute Engine family that carries it. */
const GPU: Readonly<Record<string, { gpu: string; family: string }>> = {
  p2: { gpu: 'NVIDIA K80', family: 'n1-standard' },
  p3: { gpu: 'NVIDIA V100', family: 'n1-standard' },
  g4dn: { gpu: 'NVIDIA T4', family: 'n1-standard' },
  g5: { gpu: 'NVIDIA A10G (nearest on GCP: L4)', family: 'g2-standard' },
};

function awsToGcp(type: string): MachineMapping | undefined {
  const m = /^ml\.([a-z]+)(\d+)([a-z]*)\.(\w+)$/.exec(type);
  if (!m) return undefined;
  const [, letter, generation, suffix, size] = m;
  const family = `${letter}${generation}${suffix}`;
  if (letter === 't') return T_CLASS[size] ? { type: T_CLASS[size], via: 'the built-in table (burstable)' } : undefined;
  const vcpus = vcpusOf(size);
  if (vcpus === undefined) return undefined;
  const gpu = GPU[family];
  if (gpu) {
    return {
      type: `${gpu.family}-${vcpus}`,
      via: 'the built-in table (CPU and memory only)',
      human: `${type} has a ${gpu.gpu} GPU; the IR has no accelerator field, so the KFP task gets none. Add the GPU to the compiled task (set_accelerator_type) or keep this step on a GPU pool.`,
    };
  }
  const shape = letter === 'r' ? 'highmem' : letter === 'm' || letter === 'c' ? 'standard' : undefined;
  return shape ? { type: `n2-${shape}-${vcpus}`, via: 'the built-in table' } : undefined;
}

const AWS_SIZES: Readonly<Record<string, readonly number[]>> = {
  m5: [2, 4, 8, 16, 48, 96],
  r5: [2, 4, 8, 16, 48, 96],
  c5: [4, 8, 16, 36, 72],
};

function sizeName(vcpus: number): string {
  return vcpus === 2 ? 'large' : vcpus === 4 ? 'xlarge' : `${vcpus / 4}xlarge`;
}

function gcpToAws(type: string): MachineMapping | undefined {
  if (type === 'e2-medium') return { type: 'ml.t3.medium', via: 'the built-in table (burstable)' };
  const m = /^(n1|n2|n2d|e2|c2|c2d)-(standard|highmem|highcpu)-(\d+)$/.exec(type);
  if (!m) return undefined;
  const vcpus = Number(m[3]);
  const family = m[2] === 'highmem' ? 'r5' : m[2] === 'highcpu' || m[1].startsWith('c2') ? 'c5' : 'm5';
  if (!AWS_SIZES[family].includes(vcpus)) return undefined;
  return { type: `ml.${family}.${sizeName(vcpus)}`, via: 'the built-in table' };
}

/** The other cloud's type for `type`, or undefined when neither the profiles nor the table know it. */
export function mapMachineType(
  type: string,
  from: Cloud,
  fromProfile: TargetProfile,
  toProfile: TargetProfile,
): MachineMapping | undefined {
  if (from === 'aws') {
    for (const p of [toProfile, fromProfile]) {
      const mapped = p.machineTypes?.[type];
      if (mapped) return { type: mapped, via: `profile "${p.name}" machineTypes` };
    }
    return awsToGcp(type);
  }
  for (const p of [toProfile, fromProfile]) {
    const found = Object.entries(p.machineTypes ?? {}).find(([, machine]) => machine === type);
    if (found) return { type: found[0], via: `profile "${p.name}" machineTypes` };
  }
  return gcpToAws(type);
}

/** Whether a string looks like an instance type of the cloud (`ml.m5.xlarge`, `n1-standard-4`). */
export function isMachineType(value: string, cloud: Cloud): boolean {
  return cloud === 'aws'
    ? /^ml\.[a-z0-9]+\.\w+$/.test(value)
    : /^[a-z][a-z0-9]*-(standard|highmem|highcpu|medium|small|micro)(-\d+)?$/.test(value);
}
