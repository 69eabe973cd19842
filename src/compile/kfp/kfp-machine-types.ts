/**
 * vCPUs and memory of Compute Engine machine types, from their family rules (e.g. n1-standard-N
 * has N vCPUs and 3.75·N GB). KFP containers state CPU and memory limits, not machine types;
 * Vertex AI Pipelines picks a machine that fits them.
 */
import type { TargetProfile } from '../target.js';

export interface MachineSpec {
  readonly cpu: number;
  readonly memoryGB: number;
}

const GB_PER_VCPU: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  n1: { standard: 3.75, highmem: 6.5, highcpu: 0.9 },
  n2: { standard: 4, highmem: 8, highcpu: 1 },
  n2d: { standard: 4, highmem: 8, highcpu: 1 },
  e2: { standard: 4, highmem: 8, highcpu: 1 },
  c2: { standard: 4 },
  c2d: { standard: 4, highmem: 8, highcpu: 2 },
};

export function machineSpec(machineType: string): MachineSpec | undefined {
  const m = /^([a-z0-9]+)-([a-z]+)-(\d+)$/.exec(machineType);
  const perCpu = m ? GB_PER_VCPU[m[1]]?.[m[2]] : undefined;
  if (!m || perCpu === undefined) return undefined;
  const cpu = Number(m[3]);
  return { cpu, memoryGB: Math.round(cpu * perCpu * 100) / 100 };
}

/** The machine type for a SageMaker instance type via the profile, or the value if it is one. */
export function machineTypeFor(profile: TargetProfile, instanceType: string): string | undefined {
  const mapped = profile.machineTypes?.[instanceType];
  if (mapped) return mapped;
  return machineSpec(instanceType) ? instanceType : undefined;
}

/** Every instance or machine type the profile can place, with its spec (for run-time lookup). */
export function knownMachines(profile: TargetProfile): [string, MachineSpec][] {
  const names = new Set([...Object.keys(profile.machineTypes ?? {}), ...Object.values(profile.machineTypes ?? {})]);
  const rows: [string, MachineSpec][] = [];
  for (const name of [...names].sort()) {
    const machine = machineTypeFor(profile, name);
    const spec = machine ? machineSpec(machine) : undefined;
    if (spec) rows.push([name, spec]);
  }
  return rows;
}
