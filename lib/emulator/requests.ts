/** Per-route request counts and response statuses, as the admin API reports them. */
export interface RequestCounts {
  readonly total: number;
  /** Keyed `METHOD /route/:pattern`, e.g. `GET /api/v2/authorization/divisions/:divisionId`. */
  readonly byRoute: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
}

export class RequestLog {
  private total = 0;
  private readonly byRoute = new Map<string, number>();
  private readonly byStatus = new Map<number, number>();

  record(route: string): void {
    this.total++;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  recordStatus(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  counts(): RequestCounts {
    const sorted = <K>(m: Map<K, number>): Record<string, number> => {
      const entries: [string, number][] = [...m].map(([k, v]) => [String(k), v]);
      return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
    };
    return { total: this.total, byRoute: sorted(this.byRoute), byStatus: sorted(this.byStatus) };
  }

  reset(): void {
    this.total = 0;
    this.byRoute.clear();
    this.byStatus.clear();
  }
}
