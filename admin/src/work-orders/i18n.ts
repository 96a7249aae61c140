/** Words of the work-orders page. */
export const workOrdersZh = {
  'workOrders.title': 'workOrders',
} as const;
export const workOrdersEn: Record<keyof typeof workOrdersZh, string> = {
  'workOrders.title': 'workOrders',
};
