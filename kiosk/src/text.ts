import type { Lang } from '../../shared/src/ui/i18n.tsx';
import type { Floor, HallConfig, Service, Zone } from '../../shared/src/domain/model.ts';

/** The Chinese or English variant of a configured name. */
export function pick(lang: Lang, zh: string, en: string): string {
  return lang === 'en' && en !== '' ? en : zh;
}

export function serviceName(lang: Lang, service: Service): string {
  return pick(lang, service.name, service.nameEn);
}

export function zoneName(lang: Lang, zone: Zone): string {
  return pick(lang, zone.name, zone.nameEn);
}

export function zoneLocation(lang: Lang, zone: Zone): string {
  return pick(lang, zone.location, zone.locationEn);
}

export function floorName(lang: Lang, config: HallConfig, zone: Zone): string {
  const floor: Floor | undefined = config.floors.find((f) => f.id === zone.floorId);
  return floor === undefined ? '' : pick(lang, floor.name, floor.nameEn);
}

export function materialsOf(lang: Lang, service: Service): readonly string[] {
  return lang === 'en' && service.materialsEn.length > 0 ? service.materialsEn : service.materials;
}

/** HH:MM in the hall's time zone. */
export function timeOfDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/** Services whose Chinese or English name, prefix or zone matches the query. */
export function searchServices(config: HallConfig, query: string): readonly Service[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const words = q.split(/\s+/);
  return config.services.filter((s) => {
    const zone = config.zones.find((z) => z.id === s.zoneId);
    const haystack = [s.name, s.nameEn, s.prefix, zone?.name ?? '', zone?.nameEn ?? '']
      .join(' ')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
