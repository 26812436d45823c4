/**
 * Recently started jobs of this browser (ids and file names only, nothing personal), so that a
 * long import or verivali upload can be found again after leaving the page.
 */
export interface RememberedJob {
  id: string;
  label: string;
  at: string;
}

const KEY = (kind: string) => `slrt.jobs.${kind}`;

export function rememberedJobs(kind: string): RememberedJob[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY(kind)) ?? '[]') as unknown;
    return Array.isArray(list) ? (list as RememberedJob[]).slice(0, 5) : [];
  } catch {
    return [];
  }
}

export function rememberJob(kind: string, id: string, label: string): void {
  try {
    const list = [
      { id, label, at: new Date().toISOString() },
      ...rememberedJobs(kind).filter((j) => j.id !== id),
    ].slice(0, 5);
    localStorage.setItem(KEY(kind), JSON.stringify(list));
  } catch {
    /* storage disabled: the address still carries the job */
  }
}

/** This month as TTTT-BB, the usual data period of a new file. */
export function currentPeriod(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** 1,2 MB */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}
