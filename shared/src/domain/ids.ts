/**
 * Branded identifiers. A `TicketId` cannot be passed where a `WindowId` is expected even
 * though both are plain values at run time.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Hall-wide unique, URL-safe ticket id: day without dashes + number, e.g. `20261124-A001`. */
export type TicketId = Brand<string, 'TicketId'>;
/** Window number, unique across the hall (1…n). */
export type WindowId = Brand<number, 'WindowId'>;
/** Service (事项) id, a short slug such as `bdc-transfer`. */
export type ServiceId = Brand<string, 'ServiceId'>;
/** Zone (专区) id, a letter A–Z. */
export type ZoneId = Brand<string, 'ZoneId'>;
/** Floor level as printed in the building (1, 4, 5 …). */
export type FloorId = Brand<number, 'FloorId'>;
/** Staff number (工号), e.g. `w005`. */
export type StaffId = Brand<string, 'StaffId'>;
/** Paired device id. */
export type DeviceId = Brand<string, 'DeviceId'>;
/** Business day in the hall's time zone, `YYYY-MM-DD`. */
export type BusinessDay = Brand<string, 'BusinessDay'>;

/** @returns the id as a `TicketId`; callers validate the shape first. */
export function ticketId(value: string): TicketId {
  return value as TicketId;
}
/** @returns the number as a `WindowId`. */
export function windowId(value: number): WindowId {
  return value as WindowId;
}
/** @returns the string as a `ServiceId`. */
export function serviceId(value: string): ServiceId {
  return value as ServiceId;
}
/** @returns the string as a `ZoneId`. */
export function zoneId(value: string): ZoneId {
  return value as ZoneId;
}
/** @returns the number as a `FloorId`. */
export function floorId(value: number): FloorId {
  return value as FloorId;
}
/** @returns the string as a `StaffId`. */
export function staffId(value: string): StaffId {
  return value as StaffId;
}
/** @returns the string as a `DeviceId`. */
export function deviceId(value: string): DeviceId {
  return value as DeviceId;
}
/** @returns the string as a `BusinessDay`. */
export function businessDay(value: string): BusinessDay {
  return value as BusinessDay;
}
/** Builds the hall-wide ticket id from its business day and printed number. */
export function makeTicketId(day: BusinessDay, number: string): TicketId {
  return `${day.replaceAll('-', '')}-${number}` as TicketId;
}
