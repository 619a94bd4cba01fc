// A tenant's sync rate, as the connectorSync:syncRate setting spells it. Only
// the setting lives here: preview reads settings, and must not load the
// limiter that enforces it (pace.ts, loaded with the Graph client).

export interface SyncRate {
  requests: number;
  perSeconds: number;
}

/** `N/Ss`, such as `95/20s`: N sync requests per S seconds; undefined when it is not that. */
export function parseSyncRate(raw: string): SyncRate | undefined {
  const match = /^\s*(\d{1,5})\s*\/\s*(\d{1,4})\s*s\s*$/.exec(raw);
  if (!match) return undefined;
  const [requests, perSeconds] = [Number(match[1]), Number(match[2])];
  return requests >= 1 && perSeconds >= 1 && perSeconds <= 3600 ? { requests, perSeconds } : undefined;
}

export const formatSyncRate = ({ requests, perSeconds }: SyncRate) => `${requests}/${perSeconds}s`;
