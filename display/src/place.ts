/** Where windows and zones are, in the screen's language. */
import type { HallConfig, Zone } from '../../shared/src/domain/model.ts';
import type { Lang } from '../../shared/src/ui/index.ts';

export interface Place {
  readonly zone: string;
  readonly floor: string;
}

function zonePlace(config: HallConfig, zone: Zone, lang: Lang): Place {
  const floor = config.floors.find((f) => f.id === zone.floorId);
  const en = lang === 'en';
  return {
    zone: en ? zone.nameEn : zone.name,
    floor: floor === undefined ? '' : en ? floor.nameEn : floor.name,
  };
}

/** The zone and floor of a zone id; null when the hall has no such zone. */
export function placeOfZone(config: HallConfig | null, zoneId: string, lang: Lang): Place | null {
  const zone = config?.zones.find((z) => z.id === zoneId);
  return config === null || zone === undefined ? null : zonePlace(config, zone, lang);
}

/** The zone and floor of a window; null when unknown. */
export function placeOfWindow(
  config: HallConfig | null,
  windowId: number,
  lang: Lang,
): Place | null {
  const def = config?.windows.find((w) => w.id === windowId);
  return def === undefined ? null : placeOfZone(config, def.zoneId, lang);
}

/** A service's zone, for counting waiting tickets per zone. */
export function serviceZones(config: HallConfig | null): ReadonlyMap<string, string> {
  return new Map((config?.services ?? []).map((s) => [s.id, s.zoneId]));
}
