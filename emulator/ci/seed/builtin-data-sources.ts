/** Data source ids of the fictional retailer's model (fixed GUIDs, like well-known ids). */
export const DS = {
  WebStore: '6b1f0c2e-3a4d-4e5f-8a9b-0c1d2e3f4a51',
  PoS: '7c2a1d3f-4b5e-4f60-9b0c-1d2e3f4a5b62',
  Website: '8d3b2e4a-5c6f-4071-8c1d-2e3f4a5b6c73',
  System: '9e4c3f5b-6d70-4182-9d2e-3f4a5b6c7d84',
} as const;
