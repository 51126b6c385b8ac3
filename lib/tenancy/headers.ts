/** Headers only proxy.ts may set; any incoming copy is deleted before routing. */
export const WORKSPACE_HEADER = "x-portal-workspace-id";
export const HOST_HEADER = "x-portal-host";
/** The workspace's slug as the proxy resolved it with the id, so portal routes need no query to learn it. */
export const WORKSPACE_SLUG_HEADER = "x-portal-workspace-slug";
export const ROUTING_HEADERS = [WORKSPACE_HEADER, HOST_HEADER, WORKSPACE_SLUG_HEADER] as const;
