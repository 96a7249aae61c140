/** Words of the live hall view. */
export const liveZh = {
  'live.title': 'live',
} as const;
export const liveEn: Record<keyof typeof liveZh, string> = {
  'live.title': 'live',
};
