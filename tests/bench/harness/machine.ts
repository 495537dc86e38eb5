// The machine the bench ran on, and how much CPU the hypervisor took (steal) while it ran.
import { readFileSync } from "node:fs";
import os from "node:os";

/** The first eight numbers of /proc/stat's "cpu" line: user nice system idle iowait irq softirq steal. */
export type CpuTicks = number[] | null;

/** Reads the aggregate "cpu" line of /proc/stat; null where there is none (not Linux). */
export function readCpuTicks(): CpuTicks {
  try {
    const line = readFileSync("/proc/stat", "utf8")
      .split("\n")
      .find((l) => l.startsWith("cpu "));
    return line ? line.trim().split(/\s+/).slice(1, 9).map(Number) : null;
  } catch {
    return null;
  }
}

/** CPU time between two readings: steal (8th number) and busy (all but idle and iowait), as % of all ticks. */
export interface CpuShare {
  stealPercent: number;
  busyPercent: number;
  ticks: number;
}

/** Steal and busy shares between two readings; NaN where /proc/stat was missing or nothing elapsed. */
export function cpuShare(before: CpuTicks, after: CpuTicks): CpuShare {
  if (!before || !after) return { stealPercent: Number.NaN, busyPercent: Number.NaN, ticks: 0 };
  const delta = after.map((value, i) => value - before[i]);
  const ticks = delta.reduce((sum, value) => sum + value, 0);
  if (ticks <= 0) return { stealPercent: Number.NaN, busyPercent: Number.NaN, ticks: 0 };
  const idle = delta[3] + delta[4];
  return { stealPercent: (100 * delta[7]) / ticks, busyPercent: (100 * (ticks - idle - delta[7])) / ticks, ticks };
}

/** What the numbers were measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  /** 1-minute load average at the start: other work on the machine competes with the bench. */
  loadAverageAtStart: number;
}

/** Describes this machine; `chromium` is Browser.version(). */
export function machineInfo(chromium: string): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
    loadAverageAtStart: os.loadavg()[0],
  };
}
