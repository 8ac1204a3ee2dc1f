/** Query keys of the compute pages (the lists' keys, `keys.clusters` / `keys.warehouses`, are in keys.ts). */
export const clusterKeys = {
  detail: (clusterId: string) => ["clusters", "detail", clusterId] as const,
  events: (clusterId: string) => ["clusters", "events", clusterId] as const,
  libraries: (clusterId: string) => ["clusters", "libraries", clusterId] as const,
  permissions: (clusterId: string) => ["clusters", "permissions", clusterId] as const,
  taskRuns: (clusterId: string) => ["clusters", "task-runs", clusterId] as const,
  access: ["clusters", "access"] as const,
  options: ["clusters", "options"] as const,
};
