import type { PriceTable } from './price-table.js';
import type { CloudEstimate, CloudOption, LoadRun } from './recommendation.js';

export const CLOUD_ASSUMPTION =
  "One local instance serves one request at a time, as a model worker does; a cloud instance type runs one worker per vCPU (SageMaker's built-in containers' default), each at the rate measured here per local instance. So a type carries throughputPerInstance × vCPUs, and count = ceil(throughput / that). A vCPU is a hyperthread, often slower than a core of this machine: treat the counts as a lower bound and confirm with a cloud load test.";

/**
 * The cloud instance types that would carry `run`'s throughput, cheapest per hour first (ties by
 * fewer instances, then name): each type's count from the measured per-instance throughput and
 * its vCPUs (`CLOUD_ASSUMPTION`), the hourly cost of that many, and the cost per million requests
 * at the measured throughput.
 */
export function cloudEstimate(run: LoadRun, prices: PriceTable): CloudEstimate {
  const options: CloudOption[] = prices.instanceTypes.map((p) => {
    const capacity = run.throughputPerInstance * p.vcpu;
    const count = Math.max(1, Math.ceil(run.throughput / capacity - 1e-9));
    const costPerHour = count * p.pricePerHour;
    return {
      instanceType: p.instanceType,
      vcpu: p.vcpu,
      memoryGiB: p.memoryGiB,
      pricePerHour: p.pricePerHour,
      count,
      capacity: round(capacity * count, 1),
      costPerHour: round(costPerHour, 4),
      costPerMillionRequests: round((costPerHour / (run.throughput * 3600)) * 1e6, 4),
    };
  });
  options.sort((a, b) => a.costPerHour - b.costPerHour || a.count - b.count || a.instanceType.localeCompare(b.instanceType));
  return {
    prices: { source: prices.source, date: prices.date, region: prices.region, currency: prices.currency },
    assumption: CLOUD_ASSUMPTION,
    basis: { instances: run.instances, concurrency: run.concurrency, throughput: run.throughput },
    options,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
